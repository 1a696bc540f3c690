"""xhht: track the targets (chỉ tiêu) of "Xây dựng xã hội học tập" plans against results."""

__version__ = "0.1.0"
