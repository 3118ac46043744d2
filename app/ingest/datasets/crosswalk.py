"""One crosswalk of state identifiers, used by every dataset importer.

The datasets name states by Correlates of War (COW) numeric codes (COW alliances, ATOP's
``member``, DCAD's ``ccode1/2``) and sometimes by COW letter codes, which are not ISO codes
(``SWZ`` is Switzerland in COW and Eswatini in ISO; DCAD even spells South Korea ``ROK`` and
``KOR``). Importers therefore key on the numeric code only and map it here to the state IRI
``.../id/state/<KEY>``.

How a key is chosen (the table below is the maintainers' own knowledge, not copied data;
``tests/ingest/test_crosswalk.py`` checks it covers every code in the datasets):

1. A state that exists today gets its ISO 3166-1 alpha-3 code (``732`` → ``KOR``), also
   across COW's continuity decisions, which we follow and document: COW 365 is Russia
   throughout (the Russian Empire, the Soviet Union and the Russian Federation are one
   continuing state, as the Russian Federation claims and the UN accepted), COW 255 is
   Germany throughout (Prussia, the German Empire and Reich, and united Germany after 1990),
   COW 260 (the German Federal Republic, 1955-1990) is Germany too (ISO gave West Germany
   ``DEU``; united Germany is the same legal person), COW 816 (North Vietnam from 1954) is
   Vietnam, COW 341 is Montenegro (including the kingdom of 1912-1918).
2. A former state with an ISO 3166-3 code keeps it and is a ``pg:FormerState``: the German
   Democratic Republic (265 → ``DDR``), Czechoslovakia (315 → ``CSK``), Yugoslavia (345 from
   1 December 1918 to 5 June 2006, including the Federal Republic of Yugoslavia and Serbia and
   Montenegro → ``YUG``), South Yemen (680 → ``YMD``).
3. Any other former state gets ``COW-<COW letter code>``: the German and Italian states
   before unification (``COW-BAV`` Bavaria, ``COW-BAD`` Baden, ``COW-SAX``, ``COW-WRT``,
   ``COW-HAN``, ``COW-HSE``, ``COW-HSG``, ``COW-MEC``, ``COW-PAP``, ``COW-SIC``, ``COW-MOD``,
   ``COW-PMA``, ``COW-TUS``), Austria-Hungary (``COW-AUH``), Korea before 1905
   (``COW-KOR``), Zanzibar (``COW-ZAN``), North Yemen (``COW-YAR``) and South Vietnam
   (``COW-RVN``): none of them is merged with a modern state.
4. Kosovo (347) has no ISO code; it gets ``XKX``, the code the EU and IMF use.

COW 345 is the one code whose state changes with the date (Serbia, then Yugoslavia, then
Serbia again): :func:`segments` splits a dated spell at those dates. Codes not in the table
(ATOP's 8152, a non-member entity) raise :class:`UnknownStateCode`; importers report them.

Wikidata items are given where the maintainers are sure of them; ``None`` otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyoxigraph import NamedNode

from app.ontology import ID_NS

__all__ = [
    "CROSSWALK",
    "CowCode",
    "StateRef",
    "UnknownStateCode",
    "lookup",
    "segments",
]


@dataclass(frozen=True)
class StateRef:
    """A state as the graph names it."""

    key: str
    name: str
    iso2: str | None
    iso3: str | None
    wikidata: str | None
    former: bool

    @property
    def iri(self) -> NamedNode:
        """``.../id/state/<key>``."""
        return NamedNode(f"{ID_NS}state/{self.key}")


@dataclass(frozen=True)
class CowCode:
    """A COW state code and the state(s) it denotes, each until a date (exclusive)."""

    ccode: int
    abbrev: str
    spans: tuple[tuple[dt.date | None, StateRef], ...]

    def state_on(self, day: dt.date | None) -> StateRef:
        """The state the code denotes on ``day`` (``None``: its first state)."""
        for until, ref in self.spans:
            if day is None or until is None or day < until:
                return ref
        return self.spans[-1][1]


class UnknownStateCode(LookupError):
    """A dataset uses a code that is not a COW state code."""

    def __init__(self, ccode: int) -> None:
        super().__init__(f"ccode {ccode} is not a Correlates of War state code")
        self.ccode = ccode


# ccode | COW letters | key | ISO alpha-2 | Wikidata | English name | F = former state
_TABLE = """
2|USA|USA|US|Q30|United States
20|CAN|CAN|CA|Q16|Canada
31|BHM|BHS|BS|Q778|Bahamas
40|CUB|CUB|CU|Q241|Cuba
41|HAI|HTI|HT|Q790|Haiti
42|DOM|DOM|DO|Q786|Dominican Republic
51|JAM|JAM|JM|Q766|Jamaica
52|TRI|TTO|TT|Q754|Trinidad and Tobago
53|BAR|BRB|BB|Q244|Barbados
54|DMA|DMA|DM|Q784|Dominica
55|GRN|GRD|GD|Q769|Grenada
56|SLU|LCA|LC|Q760|Saint Lucia
57|SVG|VCT|VC|Q757|Saint Vincent and the Grenadines
58|AAB|ATG|AG|Q781|Antigua and Barbuda
60|SKN|KNA|KN|Q763|Saint Kitts and Nevis
70|MEX|MEX|MX|Q96|Mexico
80|BLZ|BLZ|BZ|Q242|Belize
90|GUA|GTM|GT|Q774|Guatemala
91|HON|HND|HN|Q783|Honduras
92|SAL|SLV|SV|Q792|El Salvador
93|NIC|NIC|NI|Q811|Nicaragua
94|COS|CRI|CR|Q800|Costa Rica
95|PAN|PAN|PA|Q804|Panama
100|COL|COL|CO|Q739|Colombia
101|VEN|VEN|VE|Q717|Venezuela
110|GUY|GUY|GY|Q734|Guyana
115|SUR|SUR|SR|Q730|Suriname
130|ECU|ECU|EC|Q736|Ecuador
135|PER|PER|PE|Q419|Peru
140|BRA|BRA|BR|Q155|Brazil
145|BOL|BOL|BO|Q750|Bolivia
150|PAR|PRY|PY|Q733|Paraguay
155|CHL|CHL|CL|Q298|Chile
160|ARG|ARG|AR|Q414|Argentina
165|URU|URY|UY|Q77|Uruguay
200|UKG|GBR|GB|Q145|United Kingdom
205|IRE|IRL|IE|Q27|Ireland
210|NTH|NLD|NL|Q55|Netherlands
211|BEL|BEL|BE|Q31|Belgium
212|LUX|LUX|LU|Q32|Luxembourg
220|FRN|FRA|FR|Q142|France
221|MNC|MCO|MC|Q235|Monaco
223|LIE|LIE|LI|Q347|Liechtenstein
225|SWZ|CHE|CH|Q39|Switzerland
230|SPN|ESP|ES|Q29|Spain
232|AND|AND|AD|Q228|Andorra
235|POR|PRT|PT|Q45|Portugal
240|HAN|COW-HAN|||Kingdom of Hanover|F
245|BAV|COW-BAV|||Kingdom of Bavaria|F
255|GMY|DEU|DE|Q183|Germany
260|GFR|DEU|DE|Q183|Germany
265|GDR|DDR|DD|Q16957|German Democratic Republic|F
267|BAD|COW-BAD|||Grand Duchy of Baden|F
269|SAX|COW-SAX|||Kingdom of Saxony|F
271|WRT|COW-WRT|||Kingdom of Württemberg|F
273|HSE|COW-HSE|||Electorate of Hesse|F
275|HSG|COW-HSG|||Grand Duchy of Hesse|F
280|MEC|COW-MEC|||Grand Duchy of Mecklenburg-Schwerin|F
290|POL|POL|PL|Q36|Poland
300|AUH|COW-AUH||Q28513|Austria-Hungary|F
305|AUS|AUT|AT|Q40|Austria
310|HUN|HUN|HU|Q28|Hungary
315|CZE|CSK|CS|Q33946|Czechoslovakia|F
316|CZR|CZE|CZ|Q213|Czech Republic
317|SLO|SVK|SK|Q214|Slovakia
325|ITA|ITA|IT|Q38|Italy
327|PAP|COW-PAP||Q170174|Papal States|F
329|SIC|COW-SIC||Q13369|Kingdom of the Two Sicilies|F
331|SNM|SMR|SM|Q238|San Marino
332|MOD|COW-MOD|||Duchy of Modena|F
335|PMA|COW-PMA|||Duchy of Parma|F
337|TUS|COW-TUS|||Grand Duchy of Tuscany|F
338|MLT|MLT|MT|Q233|Malta
339|ALB|ALB|AL|Q222|Albania
341|MNG|MNE|ME|Q236|Montenegro
343|MAC|MKD|MK|Q221|North Macedonia
344|CRO|HRV|HR|Q224|Croatia
345|YUG|SRB|RS|Q403|Serbia
346|BOS|BIH|BA|Q225|Bosnia and Herzegovina
347|KOS|XKX|XK|Q1246|Kosovo
349|SLV|SVN|SI|Q215|Slovenia
350|GRC|GRC|GR|Q41|Greece
352|CYP|CYP|CY|Q229|Cyprus
355|BUL|BGR|BG|Q219|Bulgaria
359|MLD|MDA|MD|Q217|Moldova
360|ROM|ROU|RO|Q218|Romania
365|RUS|RUS|RU|Q159|Russia
366|EST|EST|EE|Q191|Estonia
367|LAT|LVA|LV|Q211|Latvia
368|LIT|LTU|LT|Q37|Lithuania
369|UKR|UKR|UA|Q212|Ukraine
370|BLR|BLR|BY|Q184|Belarus
371|ARM|ARM|AM|Q399|Armenia
372|GRG|GEO|GE|Q230|Georgia
373|AZE|AZE|AZ|Q227|Azerbaijan
375|FIN|FIN|FI|Q33|Finland
380|SWD|SWE|SE|Q34|Sweden
385|NOR|NOR|NO|Q20|Norway
390|DEN|DNK|DK|Q35|Denmark
395|ICE|ISL|IS|Q189|Iceland
402|CAP|CPV|CV|Q1011|Cape Verde
403|STP|STP|ST|Q1039|São Tomé and Príncipe
404|GNB|GNB|GW|Q1007|Guinea-Bissau
411|EQG|GNQ|GQ|Q983|Equatorial Guinea
420|GAM|GMB|GM|Q1005|Gambia
432|MLI|MLI|ML|Q912|Mali
433|SEN|SEN|SN|Q1041|Senegal
434|BEN|BEN|BJ|Q962|Benin
435|MAA|MRT|MR|Q1025|Mauritania
436|NIR|NER|NE|Q1032|Niger
437|CDI|CIV|CI|Q1008|Côte d'Ivoire
438|GUI|GIN|GN|Q1006|Guinea
439|BFO|BFA|BF|Q965|Burkina Faso
450|LBR|LBR|LR|Q1014|Liberia
451|SIE|SLE|SL|Q1044|Sierra Leone
452|GHA|GHA|GH|Q117|Ghana
461|TOG|TGO|TG|Q945|Togo
471|CAO|CMR|CM|Q1009|Cameroon
475|NIG|NGA|NG|Q1033|Nigeria
481|GAB|GAB|GA|Q1000|Gabon
482|CEN|CAF|CF|Q929|Central African Republic
483|CHA|TCD|TD|Q657|Chad
484|CON|COG|CG|Q971|Republic of the Congo
490|DRC|COD|CD|Q974|Democratic Republic of the Congo
500|UGA|UGA|UG|Q1036|Uganda
501|KEN|KEN|KE|Q114|Kenya
510|TAZ|TZA|TZ|Q924|Tanzania
511|ZAN|COW-ZAN|||Zanzibar|F
516|BUI|BDI|BI|Q967|Burundi
517|RWA|RWA|RW|Q1037|Rwanda
520|SOM|SOM|SO|Q1045|Somalia
522|DJI|DJI|DJ|Q977|Djibouti
530|ETH|ETH|ET|Q115|Ethiopia
531|ERI|ERI|ER|Q986|Eritrea
540|ANG|AGO|AO|Q916|Angola
541|MZM|MOZ|MZ|Q1029|Mozambique
551|ZAM|ZMB|ZM|Q953|Zambia
552|ZIM|ZWE|ZW|Q954|Zimbabwe
553|MAW|MWI|MW|Q1020|Malawi
560|SAF|ZAF|ZA|Q258|South Africa
565|NAM|NAM|NA|Q1030|Namibia
570|LES|LSO|LS|Q1013|Lesotho
571|BOT|BWA|BW|Q963|Botswana
572|SWA|SWZ|SZ|Q1050|Eswatini
580|MAG|MDG|MG|Q1019|Madagascar
581|COM|COM|KM|Q970|Comoros
590|MAS|MUS|MU|Q1027|Mauritius
591|SEY|SYC|SC|Q1042|Seychelles
600|MOR|MAR|MA|Q1028|Morocco
615|ALG|DZA|DZ|Q262|Algeria
616|TUN|TUN|TN|Q948|Tunisia
620|LIB|LBY|LY|Q1016|Libya
625|SUD|SDN|SD|Q1049|Sudan
626|SSD|SSD|SS|Q958|South Sudan
630|IRN|IRN|IR|Q794|Iran
640|TUR|TUR|TR|Q43|Turkey
645|IRQ|IRQ|IQ|Q796|Iraq
651|EGY|EGY|EG|Q79|Egypt
652|SYR|SYR|SY|Q858|Syria
660|LEB|LBN|LB|Q822|Lebanon
663|JOR|JOR|JO|Q810|Jordan
666|ISR|ISR|IL|Q801|Israel
670|SAU|SAU|SA|Q851|Saudi Arabia
678|YAR|COW-YAR|||Yemen Arab Republic (North Yemen)|F
679|YEM|YEM|YE|Q805|Yemen
680|YPR|YMD|YD||People's Democratic Republic of Yemen (South Yemen)|F
690|KUW|KWT|KW|Q817|Kuwait
692|BAH|BHR|BH|Q398|Bahrain
694|QAT|QAT|QA|Q846|Qatar
696|UAE|ARE|AE|Q878|United Arab Emirates
698|OMA|OMN|OM|Q842|Oman
700|AFG|AFG|AF|Q889|Afghanistan
701|TKM|TKM|TM|Q874|Turkmenistan
702|TAJ|TJK|TJ|Q863|Tajikistan
703|KYR|KGZ|KG|Q813|Kyrgyzstan
704|UZB|UZB|UZ|Q265|Uzbekistan
705|KZK|KAZ|KZ|Q232|Kazakhstan
710|CHN|CHN|CN|Q148|China
712|MON|MNG|MN|Q711|Mongolia
713|TAW|TWN|TW|Q865|Taiwan
730|KOR|COW-KOR|||Korea (Joseon and the Korean Empire, before 1905)|F
731|PRK|PRK|KP|Q423|North Korea
732|ROK|KOR|KR|Q884|South Korea
740|JPN|JPN|JP|Q17|Japan
750|IND|IND|IN|Q668|India
760|BHU|BTN|BT|Q917|Bhutan
770|PAK|PAK|PK|Q843|Pakistan
771|BNG|BGD|BD|Q902|Bangladesh
775|MYA|MMR|MM|Q836|Myanmar
780|SRI|LKA|LK|Q854|Sri Lanka
781|MAD|MDV|MV|Q826|Maldives
790|NEP|NPL|NP|Q837|Nepal
800|THI|THA|TH|Q869|Thailand
811|CAM|KHM|KH|Q424|Cambodia
812|LAO|LAO|LA|Q819|Laos
816|DRV|VNM|VN|Q881|Vietnam
817|RVN|COW-RVN||Q180114|Republic of Vietnam (South Vietnam)|F
820|MAL|MYS|MY|Q833|Malaysia
830|SIN|SGP|SG|Q334|Singapore
835|BRU|BRN|BN|Q921|Brunei
840|PHI|PHL|PH|Q928|Philippines
850|INS|IDN|ID|Q252|Indonesia
860|ETM|TLS|TL|Q574|Timor-Leste
900|AUL|AUS|AU|Q408|Australia
910|PNG|PNG|PG|Q691|Papua New Guinea
920|NEW|NZL|NZ|Q664|New Zealand
935|VAN|VUT|VU|Q686|Vanuatu
940|SOL|SLB|SB|Q685|Solomon Islands
946|KIR|KIR|KI|Q710|Kiribati
947|TUV|TUV|TV|Q672|Tuvalu
950|FIJ|FJI|FJ|Q712|Fiji
955|TON|TON|TO|Q678|Tonga
970|NAU|NRU|NR|Q697|Nauru
983|MSI|MHL|MH|Q709|Marshall Islands
986|PAL|PLW|PW|Q695|Palau
987|FSM|FSM|FM|Q702|Micronesia
990|WSM|WSM|WS|Q683|Samoa
"""

_YUGOSLAVIA = StateRef("YUG", "Yugoslavia", "YU", "YUG", "Q36704", True)
#: Kingdom of Serbs, Croats and Slovenes proclaimed; Montenegro's independence took effect.
_YUG_FROM = dt.date(1918, 12, 1)
_YUG_UNTIL = dt.date(2006, 6, 5)


def _parse() -> dict[int, CowCode]:
    table: dict[int, CowCode] = {}
    for line in _TABLE.strip().splitlines():
        ccode, abbrev, key, iso2, wikidata, name, *flag = line.split("|")
        former = flag == ["F"]
        iso3 = None if key.startswith("COW-") or key == "XKX" else key
        ref = StateRef(key, name, iso2 or None, iso3, wikidata or None, former)
        spans: tuple[tuple[dt.date | None, StateRef], ...] = ((None, ref),)
        if ccode == "345":
            spans = ((_YUG_FROM, ref), (_YUG_UNTIL, _YUGOSLAVIA), (None, ref))
        table[int(ccode)] = CowCode(int(ccode), abbrev, spans)
    return table


#: COW numeric code → :class:`CowCode`.
CROSSWALK: dict[int, CowCode] = _parse()


def lookup(ccode: int) -> CowCode:
    """The crosswalk entry of a COW code.

    :raises UnknownStateCode: the code is not in the table.
    """
    try:
        return CROSSWALK[ccode]
    except KeyError:
        raise UnknownStateCode(ccode) from None


def segments(
    ccode: int, start: dt.date, end: dt.date | None
) -> list[tuple[StateRef, dt.date, dt.date | None]]:
    """Split the spell ``[start, end)`` of a code where the state it denotes changes.

    >>> [(ref.key, str(s), str(e)) for ref, s, e in segments(345, dt.date(1990, 1, 1), None)]
    [('YUG', '1990-01-01', '2006-06-05'), ('SRB', '2006-06-05', 'None')]
    """
    entry = lookup(ccode)
    result: list[tuple[StateRef, dt.date, dt.date | None]] = []
    lower = start
    for until, ref in entry.spans:
        if until is not None and until <= lower:
            continue
        upper = until if until is not None and (end is None or until < end) else end
        result.append((ref, lower, upper))
        if upper is None or upper == end:
            break
        lower = upper
    return result
