"""Every write of this app, by concept; services.py is their one import point."""
