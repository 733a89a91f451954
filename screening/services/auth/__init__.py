"""Staff authentication: passwords, lockout, two-factor and server-side sessions.

Flask-Login itself is set up in one place, infra/logins.py; it loads staff
through sessions.load_staff.
"""
