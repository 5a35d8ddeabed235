# pragma version ~=0.4.3
"""
@title IncidentHarness
@license AGPL-3.0-only
@notice Exposes the incident_records pack/unpack helpers for round-trip tests.
@custom:security Tests only.
@custom:kill None.
"""

from safetynet.contracts.modules import incident_records


@external
@pure
def roundtrip(i: incident_records.Incident) -> incident_records.Incident:
    return incident_records.unpack(incident_records.pack_head(i), incident_records.pack_rounds(i))
