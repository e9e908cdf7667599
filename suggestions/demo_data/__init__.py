"""The suggestions demo's records as data (plain tuples), one module per year; ``suggestions.demo`` loads them."""
