"""Trial management (审判管理): the court overview leaders see, and later the quality-indicator system."""
