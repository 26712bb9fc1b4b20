"""Analysis of the competing counts of China's overseas police service stations."""
