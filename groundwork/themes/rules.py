import rules

from groundwork.planning.rules import can_view, is_facilitating

# Themes of a process are read by whoever may see the process (with small counts suppressed
# for the public) and curated by its facilitators and coordinators.
rules.add_perm("themes.view_themes", can_view)
rules.add_perm("themes.curate", is_facilitating)
