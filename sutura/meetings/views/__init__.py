"""Pages of the meetings app: meetings (meetings.py), attendance (attendance.py), trainings
(trainings.py). Thin: parse, call a service or a selector, render."""
