"""Storage slots that proxy standards fix, as the standards print them.

EIP-1967 slots are keccak256(label) - 1; EIP-1822's is keccak256("PROXIABLE"). They are written
out rather than hashed at import time so that importing the SDK (and so every CLI command,
`--help` included) does not load a keccak implementation; tests/python/test_proxies.py checks
each against its label.
"""

IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC
ADMIN_SLOT = 0xB53127684A568B3173AE13B9F8A6016E243E63B6E8EE1178D6A717850B5D6103
BEACON_SLOT = 0xA3F0AD74E5423AEBFD80D3EF4346578335A9A72AEAEE59FF6CB3582B35133D50
EIP1822_SLOT = 0xC5F16F0FCC639FA48A6947836D9850F504798523BF8C9A3A87D5876CF622BCF7
