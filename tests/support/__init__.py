"""Helpers shared by tests: databases and servers that other processes can use."""
