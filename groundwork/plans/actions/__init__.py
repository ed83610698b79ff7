"""Every write to a plan, by concept; groundwork.plans.services is their one import point."""
