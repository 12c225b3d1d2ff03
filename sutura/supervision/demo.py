def seed_step(context):
    return ""
