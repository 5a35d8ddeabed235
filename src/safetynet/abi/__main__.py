"""Regenerate the shipped ABIs: python -m safetynet.abi"""

from safetynet.abi import write_all

for path in write_all():
    print(path.name)
