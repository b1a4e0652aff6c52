def load_community() -> int:
    return 0
