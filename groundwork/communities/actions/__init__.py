"""The writes to communities, by concept; ``communities.services`` is their one import point."""
