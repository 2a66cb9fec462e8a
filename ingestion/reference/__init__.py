"""What the data team keeps beside the submissions: the unit registries (`registry`), the
administrative tree before and after the 2025 reform (`admin_tree`, `provinces`), and their load
into raw tables at every run (`reference_tables`)."""
