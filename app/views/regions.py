"""Which UN geoscheme region (M49) a state belongs to, to colour the network by region.

Our own table of ISO 3166-1 alpha-3 codes per M49 region (the five continental regions of
the UN Statistics Division's "Standard country or area codes for statistical use"). It is
presentation knowledge, not a fact of the graph: states missing here (former states such as
the Soviet Union, test fixtures) are coloured as "Other".
"""

from __future__ import annotations

__all__ = ["OTHER", "REGIONS", "REGION_COLOURS", "region_of"]

OTHER = "Other"

_MEMBERS = {
    "Africa": """
        DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB
        GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN
        SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ZMB ZWE ESH
    """,
    "Americas": """
        ATG ARG BHS BRB BLZ BOL BRA CAN CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND
        JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO USA URY VEN PRI
    """,
    "Asia": """
        AFG ARM AZE BHR BGD BTN BRN KHM CHN CYP GEO IND IDN IRN IRQ ISR JPN JOR KAZ KWT KGZ
        LAO LBN MYS MDV MNG MMR NPL PRK OMN PAK PSE PHL QAT KOR SAU SGP LKA SYR TWN TJK THA
        TLS TUR TKM ARE UZB VNM YEM HKG MAC
    """,
    "Europe": """
        ALB AND AUT BLR BEL BIH BGR HRV CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA LVA LIE
        LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK SVN ESP SWE CHE UKR
        GBR VAT XKX
    """,
    "Oceania": """
        AUS FJI KIR MHL FSM NRU NZL PLW PNG WSM SLB TON TUV VUT
    """,
}

#: ISO3 code → M49 region.
REGIONS: dict[str, str] = {
    code: region for region, codes in _MEMBERS.items() for code in codes.split()
}

#: Node colour per region (colour-blind safe Okabe-Ito palette), shared by views and legend.
REGION_COLOURS: dict[str, str] = {
    "Africa": "#E69F00",
    "Americas": "#56B4E9",
    "Asia": "#D55E00",
    "Europe": "#0072B2",
    "Oceania": "#009E73",
    OTHER: "#999999",
}


def region_of(code: str) -> str:
    """The region of a state given its ISO3 code; :data:`OTHER` when it is not in the table.

    >>> region_of("KOR"), region_of("FRA"), region_of("SUN")
    ('Asia', 'Europe', 'Other')
    """
    return REGIONS.get(code.upper(), OTHER)
