"""Network architectures, one file each (selected by the config key "arch"), and their layers."""
