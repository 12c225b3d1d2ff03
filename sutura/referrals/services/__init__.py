"""Every write on referrals, one function per action a user takes (actor first).

- `referring`: refer from a case (draft or sent), edit and send a draft, refer onward;
- `workflow`: the state machine (`TRANSITIONS`) and each step either side takes;
- `sweeps`: what happens without a user asking — overdue reminders (cron), and closing the
  referrals that relied on a consent the person withdrew.
"""
