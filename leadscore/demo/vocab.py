"""Word lists and distributions of the demo world (names, industries, roles, sources).

Only vocabulary lives here; content, event types and free-mail domains come from the
project's seed files (see ``seeds.py``).
"""

from __future__ import annotations

from typing import NamedTuple


def words(text: str) -> tuple[str, ...]:
    """Split a comma-separated word list (names may contain spaces)."""
    return tuple(word.strip() for word in text.split(",") if word.strip())


PRODUCTS = ("crm", "call_centre")
"""Product lines; their position is the product code used throughout."""


class Country(NamedTuple):
    code: str
    weight: float
    locale: str
    tld: str
    legal: str


COUNTRIES: tuple[Country, ...] = (
    Country("US", 0.30, "en", "com", "Inc."),
    Country("GB", 0.12, "en", "co.uk", "Ltd"),
    Country("DE", 0.11, "de", "de", "GmbH"),
    Country("NL", 0.08, "nl", "nl", "B.V."),
    Country("FR", 0.07, "fr", "fr", "SAS"),
    Country("ES", 0.05, "es", "es", "S.L."),
    Country("IT", 0.04, "it", "it", "S.r.l."),
    Country("SE", 0.04, "sv", "se", "AB"),
    Country("CA", 0.05, "en", "ca", "Inc."),
    Country("AU", 0.04, "en", "com.au", "Pty Ltd"),
    Country("BE", 0.03, "nl", "be", "BV"),
    Country("IE", 0.02, "en", "ie", "Ltd"),
    Country("CH", 0.02, "de", "ch", "AG"),
    Country("AT", 0.02, "de", "at", "GmbH"),
    Country("DK", 0.01, "sv", "dk", "ApS"),
)

LOCALES = ("en", "de", "nl", "fr", "es", "it", "sv")

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "en": words(
        "James, Mary, John, Patricia, Robert, Jennifer, Michael, Linda, David, Elizabeth, "
        "William, Susan, Richard, Jessica, Thomas, Sarah, Chris, Karen, Daniel, Emily, "
        "Matthew, Olivia, Andrew, Sophie, Mark, Hannah, Paul, Grace, Steven, Chloe, Kevin, "
        "Megan, Brian, Laura, Ryan, Amy, Jason, Rachel, Adam, Lucy, Priya, Raj, Wei, Mei, "
        "Aisha, Omar"
    ),
    "de": words(
        "Lukas, Anna, Jonas, Lena, Felix, Laura, Maximilian, Julia, Paul, Sarah, Leon, "
        "Katharina, Tim, Johanna, Jan, Sophie, Florian, Lisa, Tobias, Marie, Stefan, "
        "Sabine, Michael, Claudia, Jürgen, Anja, Sven, Nicole, Andreas, Birgit, Matthias, "
        "Petra"
    ),
    "nl": words(
        "Daan, Emma, Sem, Julia, Lucas, Sophie, Milan, Tess, Thijs, Anouk, Bram, Fleur, "
        "Jeroen, Sanne, Ruben, Lotte, Joost, Eva, Pieter, Marloes, Wouter, Lieke, Koen, "
        "Femke, Bas, Ilse, Maarten, Inge"
    ),
    "fr": words(
        "Lucas, Camille, Hugo, Léa, Louis, Chloé, Jules, Manon, Arthur, Inès, Nicolas, "
        "Julie, Thomas, Pauline, Antoine, Mathilde, Julien, Élodie, Pierre, Claire, "
        "François, Céline, Mathieu, Émilie"
    ),
    "es": words(
        "Hugo, Lucía, Martín, María, Pablo, Paula, Alejandro, Sofía, Daniel, Carmen, "
        "Javier, Laura, Sergio, Marta, Carlos, Elena, José, Ana, Miguel, Cristina, Jorge, "
        "Raquel"
    ),
    "it": words(
        "Leonardo, Sofia, Francesco, Giulia, Alessandro, Aurora, Lorenzo, Alice, Matteo, "
        "Chiara, Marco, Francesca, Luca, Valentina, Andrea, Elena, Giuseppe, Sara, Davide, "
        "Martina"
    ),
    "sv": words(
        "Erik, Elsa, Lars, Maja, Oskar, Astrid, Anders, Ingrid, Johan, Karin, Nils, "
        "Linnea, Mikael, Sofia, Henrik, Emma, Magnus, Frida, Mads, Freja"
    ),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "en": words(
        "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, "
        "Thomas, Moore, Martin, Jackson, Thompson, White, Harris, Clark, Lewis, Walker, "
        "Hall, Young, King, Wright, Scott, Green, Baker, Adams, Nelson, Hill, Campbell, "
        "Mitchell, Roberts, Carter, Phillips, Evans, Turner, Parker, Collins, Edwards, "
        "Stewart, Morris, Murphy, Cook, Rogers, Patel, Khan, Chen, Nguyen, Kim, Singh, "
        "Kelly, Hughes, Price, Bennett, Wood, Barnes, Ross, Foster"
    ),
    "de": words(
        "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
        "Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, "
        "Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Krause, "
        "Meier, Lehmann, Huber, Kaiser, Fuchs, Peters, Lang, Scholz"
    ),
    "nl": words(
        "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, "
        "Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, "
        "Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, Kok, Jacobs, "
        "de Haan, Vermeulen, van den Heuvel"
    ),
    "fr": words(
        "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
        "Simon, Laurent, Lefebvre, Michel, Garcia, David, Bertrand, Roux, Vincent, "
        "Fournier, Morel, Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, "
        "François, Martinez"
    ),
    "es": words(
        "García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, "
        "Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, "
        "Gutiérrez, Navarro, Torres, Domínguez, Vázquez"
    ),
    "it": words(
        "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
        "Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, "
        "Barbieri, Fontana, Santoro, Mariani"
    ),
    "sv": words(
        "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, "
        "Svensson, Gustafsson, Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Lund, "
        "Nielsen, Hansen, Pedersen, Lindberg, Lindqvist, Berg"
    ),
}


class Industry(NamedTuple):
    name: str
    weight: float  # share of companies
    fit: float  # how well the industry fits the vendor's ideal customer profile
    call_centre: float  # large B2C customer bases drive call-centre interest
    crm: float  # affinity with CRM software
    revenue_per_employee: float  # USD
    service_share: float  # multiplier on the share of customer-service staff
    nouns: tuple[str, ...]  # words for company names

    @classmethod
    def parse(cls, line: str, nouns: dict[str, tuple[str, ...]]) -> Industry:
        """One row of ``INDUSTRY_TABLE``."""
        name, *numbers = (cell.strip() for cell in line.split("|"))
        weight, fit, call_centre, crm, revenue, service = (float(x) for x in numbers)
        return cls(name, weight, fit, call_centre, crm, revenue, service, nouns[name])


INDUSTRY_TABLE = """
# name             | share |  fit |   cc |  crm | rev/FTE | service staff
software           | 0.15 |  1.0 |  0.0 |  0.6 |  210000 | 1.0
telecommunications | 0.05 |  0.9 |  1.0 |  0.2 |  380000 | 2.2
financial services | 0.09 |  0.9 |  0.7 |  0.5 |  420000 | 1.5
insurance          | 0.05 |  0.9 |  0.9 |  0.3 |  450000 | 1.8
retail             | 0.09 |  0.7 |  0.8 |  0.2 |  180000 | 1.6
e-commerce         | 0.07 |  0.9 |  0.8 |  0.4 |  320000 | 1.8
manufacturing      | 0.11 |  0.4 |  0.0 |  0.4 |  260000 | 0.6
healthcare         | 0.07 |  0.3 |  0.5 |  0.0 |  120000 | 1.2
logistics          | 0.06 |  0.4 |  0.4 |  0.2 |  200000 | 1.0
education          | 0.05 | -0.4 |  0.0 | -0.2 |   80000 | 0.6
government         | 0.03 | -0.6 |  0.2 | -0.4 |  100000 | 0.8
hospitality        | 0.05 |  0.0 |  0.5 |  0.0 |   60000 | 1.3
consulting         | 0.08 |  0.3 | -0.3 |  0.5 |  180000 | 0.5
energy             | 0.05 |  0.3 |  0.6 |  0.0 |  600000 | 1.4
"""

INDUSTRY_NOUNS: dict[str, tuple[str, ...]] = {
    "software": words("Software, Labs, Systems, Technologies, Digital, Cloud"),
    "telecommunications": words("Telecom, Networks, Communications, Mobile, Connect"),
    "financial services": words("Capital, Finance, Payments, Bank, Lending"),
    "insurance": words("Insurance, Assurance, Mutual, Underwriters"),
    "retail": words("Retail, Stores, Outlet, Market, Fashion"),
    "e-commerce": words("Shop, Commerce, Online, Direct, Store"),
    "manufacturing": words("Manufacturing, Industries, Engineering, Components, Machines"),
    "healthcare": words("Health, Care, Medical, Clinics, Pharma"),
    "logistics": words("Logistics, Freight, Transport, Shipping, Cargo"),
    "education": words("Academy, Learning, Education, Institute, School"),
    "government": words("Agency, Authority, Council, Services"),
    "hospitality": words("Hotels, Hospitality, Resorts, Travel, Dining"),
    "consulting": words("Consulting, Advisory, Partners, Group, Associates"),
    "energy": words("Energy, Power, Utilities, Renewables, Solar"),
}

INDUSTRIES: tuple[Industry, ...] = tuple(
    Industry.parse(line, INDUSTRY_NOUNS)
    for line in INDUSTRY_TABLE.strip().splitlines()
    if not line.startswith("#")
)

NAME_PREFIXES = words(
    "Bright, Blue, North, Silver, Green, Red, Iron, Clear, Swift, True, Prime, Nova, "
    "Alpha, Summit, River, Oak, Pine, Stone, Sun, Star, Cloud, Harbor, Pixel, Quantum, "
    "Vertex, Apex, Core, Golden, High, Deep, Open, Smart, Bold, Rapid, Urban, Metro, "
    "Polar, Cedar, Maple, Falcon, Eagle, Lion, Wolf, Fox, Crystal, Coral, Amber, Orbit, "
    "Zen, Terra, Aqua, Solar, Lunar, Atlas, Beacon, Crest, Delta, Echo, Fusion, Granite, "
    "Horizon, Indigo, Jade, Kite, Lumen, Mosaic, Nimbus, Onyx, Pioneer, Quartz, Ridge, "
    "Sage, Tidal, Unity, Vista, West, East, South, Neo, Arc, Birch, Cobalt, Dawn, Ember, "
    "Flint, Frost, Glen, Hawk, Ivy, Juniper, Keystone, Lark, Meadow, Noble, Ocean, Peak, "
    "Raven, Sierra, Thistle, Upland, Vivid, Willow, Aspen, Bay, Canyon, Drift, Elm, Fern, "
    "Grove, Hazel, Iris, Kestrel, Laurel, Marble, Nordic, Oasis, Pebble, Rowan, Slate, "
    "Topaz, Valley, Wren, Yarrow, Zephyr, Azure, Blaze, Copper, Dune, Evergreen, Fjord"
)

NAME_SUFFIXES = words(
    "wave, field, bridge, point, stone, line, path, gate, works, peak, light, side, ford, "
    "way, hub, spark, nest, forge, view, port, wood, brook, dale, mark, scape, link, "
    "shift, flow, leaf, tree, well, haven, crest, loop, base, craft, rock, wind, star, "
    "land, mill, bay, ridge, stream, vale, shore, yard, fold, cliff, moor, keep, dock, "
    "top, grid, beam, bloom, pulse, rise, sight, span, wing, arc, tide, mere"
)

SENIORITIES = (
    "c-level",
    "vp",
    "director",
    "manager",
    "individual contributor",
    "intern",
    "student",
)
C_LEVEL, VP, DIRECTOR, MANAGER, IC, INTERN, STUDENT = range(7)

DEPARTMENTS = (
    "sales",
    "marketing",
    "customer service",
    "IT",
    "operations",
    "finance",
    "HR",
    "executive",
    "other",
)
SALES, MARKETING, SERVICE, IT, OPERATIONS, FINANCE, HR, EXECUTIVE, OTHER = range(9)

SIZE_BUCKETS = (10, 50, 250, 1000)
"""Employee-count bucket edges for role mixes: <10, 10-49, 50-249, 250-999, 1000+."""

SENIORITY_BY_SIZE = (
    # c-level, vp, director, manager, ic, intern   (student: only people without a company)
    (0.40, 0.02, 0.05, 0.15, 0.33, 0.05),
    (0.18, 0.05, 0.11, 0.25, 0.36, 0.05),
    (0.07, 0.07, 0.15, 0.28, 0.38, 0.05),
    (0.04, 0.07, 0.16, 0.30, 0.38, 0.05),
    (0.02, 0.06, 0.15, 0.30, 0.42, 0.05),
)

DEPARTMENT_BY_SENIORITY = (
    # sales, marketing, service, IT, operations, finance, HR, executive, other
    (0.08, 0.07, 0.04, 0.08, 0.06, 0.07, 0.03, 0.57, 0.00),
    (0.20, 0.15, 0.10, 0.15, 0.12, 0.10, 0.06, 0.10, 0.02),
    (0.20, 0.16, 0.12, 0.16, 0.13, 0.10, 0.07, 0.02, 0.04),
    (0.22, 0.16, 0.15, 0.15, 0.13, 0.08, 0.06, 0.00, 0.05),
    (0.22, 0.14, 0.20, 0.18, 0.10, 0.07, 0.05, 0.00, 0.04),
    (0.22, 0.25, 0.12, 0.16, 0.08, 0.07, 0.06, 0.00, 0.04),
)

FREELANCE = IC + 100
"""Pseudo-seniority key for the freelancers' titles (their seniority is individual contributor)."""

TITLES: dict[tuple[int, int], tuple[str, ...]] = {
    (SALES, C_LEVEL): ("Chief Revenue Officer", "Chief Sales Officer"),
    (SALES, VP): ("VP Sales", "Vice President of Sales"),
    (SALES, DIRECTOR): ("Sales Director", "Head of Sales"),
    (SALES, MANAGER): ("Sales Manager", "Key Account Manager", "Sales Team Lead"),
    (SALES, IC): ("Account Executive", "Sales Representative", "Business Development Rep"),
    (SALES, INTERN): ("Sales Intern",),
    (MARKETING, C_LEVEL): ("Chief Marketing Officer", "CMO"),
    (MARKETING, VP): ("VP Marketing", "Vice President of Marketing"),
    (MARKETING, DIRECTOR): ("Marketing Director", "Head of Marketing"),
    (MARKETING, MANAGER): ("Marketing Manager", "Demand Generation Manager"),
    (MARKETING, IC): ("Marketing Specialist", "Content Marketer", "Marketing Coordinator"),
    (MARKETING, INTERN): ("Marketing Intern",),
    (SERVICE, C_LEVEL): ("Chief Customer Officer",),
    (SERVICE, VP): ("VP Customer Experience", "VP Customer Support"),
    (SERVICE, DIRECTOR): ("Director of Customer Service", "Head of Customer Support"),
    (SERVICE, MANAGER): ("Customer Service Manager", "Contact Centre Manager", "Support Team Lead"),
    (SERVICE, IC): ("Customer Service Agent", "Support Specialist", "Workforce Planner"),
    (SERVICE, INTERN): ("Customer Service Intern",),
    (IT, C_LEVEL): ("CTO", "CIO", "Chief Technology Officer"),
    (IT, VP): ("VP Engineering", "VP IT"),
    (IT, DIRECTOR): ("IT Director", "Head of IT"),
    (IT, MANAGER): ("IT Manager", "Engineering Manager"),
    (IT, IC): ("Software Engineer", "System Administrator", "Data Analyst"),
    (IT, INTERN): ("IT Intern",),
    (OPERATIONS, C_LEVEL): ("COO", "Chief Operating Officer"),
    (OPERATIONS, VP): ("VP Operations",),
    (OPERATIONS, DIRECTOR): ("Operations Director", "Head of Operations"),
    (OPERATIONS, MANAGER): ("Operations Manager", "Project Manager"),
    (OPERATIONS, IC): ("Operations Analyst", "Project Coordinator"),
    (OPERATIONS, INTERN): ("Operations Intern",),
    (FINANCE, C_LEVEL): ("CFO", "Chief Financial Officer"),
    (FINANCE, VP): ("VP Finance",),
    (FINANCE, DIRECTOR): ("Finance Director", "Head of Finance"),
    (FINANCE, MANAGER): ("Finance Manager", "Controller"),
    (FINANCE, IC): ("Accountant", "Financial Analyst"),
    (FINANCE, INTERN): ("Finance Intern",),
    (HR, C_LEVEL): ("Chief People Officer",),
    (HR, VP): ("VP People", "VP Human Resources"),
    (HR, DIRECTOR): ("HR Director", "Head of People"),
    (HR, MANAGER): ("HR Manager", "Talent Acquisition Manager"),
    (HR, IC): ("Recruiter", "HR Business Partner"),
    (HR, INTERN): ("HR Intern",),
    (EXECUTIVE, C_LEVEL): ("CEO", "Founder", "Owner", "Managing Director", "Co-Founder"),
    (EXECUTIVE, VP): ("Executive Vice President",),
    (EXECUTIVE, DIRECTOR): ("General Manager",),
    (OTHER, VP): ("Vice President",),
    (OTHER, DIRECTOR): ("Director",),
    (OTHER, MANAGER): ("Manager", "Office Manager"),
    (OTHER, IC): ("Consultant", "Assistant", "Specialist"),
    (OTHER, INTERN): ("Intern", "Working Student"),
    (OTHER, STUDENT): ("Student", "MBA Student", "Graduate Student"),
    (OTHER, FREELANCE): ("Freelance Consultant", "Independent Consultant", "Freelancer"),
}

LEAD_SOURCES = (
    ("organic search", 0.24),
    ("paid search", 0.14),
    ("social", 0.12),
    ("referral", 0.09),
    ("event", 0.08),
    ("webinar", 0.10),
    ("direct", 0.14),
    ("partner", 0.09),
)

ACTIVITY_TYPES = (("call", 0.38), ("email", 0.35), ("meeting", 0.15), ("linkedin_message", 0.12))

DISQUALIFIED_REASONS = ("", "no budget", "student", "competitor", "not a decision maker", "no need")
NO_REASON, NO_BUDGET, IS_STUDENT, IS_COMPETITOR, NOT_DECISION_MAKER, NO_NEED = range(6)

BOOLEAN_SPELLINGS = (
    ("true", "false", 0.50),
    ("yes", "no", 0.20),
    ("Y", "N", 0.15),
    ("1", "0", 0.15),
)

OPPORTUNITY_STAGES = (
    "prospecting",
    "qualification",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
)

UTM_QUERIES = (
    "?utm_source=google&utm_medium=cpc",
    "?utm_source=linkedin&utm_medium=social",
    "?utm_source=newsletter&utm_medium=email",
    "?utm_source=partner&utm_medium=referral",
    "?utm_source=bing&utm_medium=cpc",
)
UTM_EMAIL = 2

UNKNOWN_EVENT_TYPES = (
    "chat_started",
    "pageview_v2",
    "video_play",
    "form_start",
    "cookie_consent",
    "ad_impression",
)

SITE = "https://www.example-vendor.com"

ERASED_ELSEWHERE_DOMAINS = ("former-client.net", "old-mailbox.org", "unknown-corp.com")
