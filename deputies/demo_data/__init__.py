"""The deputies demo's duty work as data (plain tuples and dicts), one module per year; ``deputies.demo_duty`` loads it."""
