"""What the demo's people are drawn from: departments with their skills, places,
levels, channels, names and goals."""

from __future__ import annotations

# Each department's core skills; everyone also draws from the shared skills.
DEPARTMENTS = {
    "Engineering": [
        "python",
        "system design",
        "cloud infrastructure",
        "code review",
        "security",
        "sql",
    ],
    "Data": [
        "data analysis",
        "machine learning",
        "sql",
        "python",
        "statistics",
        "data visualisation",
    ],
    "Product": [
        "product strategy",
        "user research",
        "roadmapping",
        "stakeholder management",
        "data analysis",
        "prioritisation",
    ],
    "Design": [
        "ux design",
        "visual design",
        "user research",
        "prototyping",
        "design systems",
        "accessibility",
    ],
    "Sales": [
        "negotiation",
        "sales strategy",
        "customer empathy",
        "forecasting",
        "public speaking",
        "account planning",
    ],
    "Marketing": [
        "marketing analytics",
        "content strategy",
        "brand",
        "writing",
        "campaign planning",
        "public speaking",
    ],
    "Finance": [
        "financial modelling",
        "budgeting",
        "forecasting",
        "compliance",
        "presenting to executives",
        "spreadsheets",
    ],
    "People": [
        "hiring",
        "coaching",
        "conflict resolution",
        "change management",
        "employment law",
        "people analytics",
    ],
    "Operations": [
        "operations planning",
        "vendor management",
        "project management",
        "process improvement",
        "budgeting",
        "negotiation",
    ],
    "Customer Support": [
        "customer empathy",
        "writing",
        "conflict resolution",
        "process improvement",
        "sql",
        "coaching",
    ],
}


DEPARTMENT_WEIGHTS = [0.24, 0.10, 0.10, 0.07, 0.12, 0.09, 0.08, 0.06, 0.08, 0.06]


SHARED_SKILLS = [
    "leadership",
    "people management",
    "public speaking",
    "time management",
    "career planning",
    "giving feedback",
    "presenting to executives",
    "networking",
    "writing",
    "stakeholder management",
]


# (time zone, city, a second language common there or "")
PLACES = [
    ("Europe/London", "London", ""),
    ("Europe/Paris", "Paris", "French"),
    ("Europe/Berlin", "Berlin", "German"),
    ("Europe/Madrid", "Madrid", "Spanish"),
    ("America/New_York", "New York", "Spanish"),
    ("America/Chicago", "Chicago", ""),
    ("America/Los_Angeles", "San Francisco", "Spanish"),
    ("America/Sao_Paulo", "São Paulo", "Portuguese"),
    ("Africa/Lagos", "Lagos", "Yoruba"),
    ("Asia/Kolkata", "Bengaluru", "Hindi"),
    ("Asia/Singapore", "Singapore", "Mandarin"),
    ("Asia/Tokyo", "Tokyo", "Japanese"),
    ("Australia/Sydney", "Sydney", ""),
]


PLACE_WEIGHTS = [
    0.16,
    0.09,
    0.08,
    0.05,
    0.15,
    0.07,
    0.10,
    0.05,
    0.04,
    0.09,
    0.05,
    0.03,
    0.04,
]


MENTOR_LEVELS = (["senior", "lead", "principal", "executive"], [0.35, 0.35, 0.2, 0.1])


MENTEE_LEVELS = (["entry", "junior", "mid", "senior"], [0.2, 0.35, 0.35, 0.1])


LEVEL_YEARS = {
    "entry": 0,
    "junior": 2,
    "mid": 5,
    "senior": 8,
    "lead": 11,
    "principal": 14,
    "executive": 18,
}


CHANNELS = ["video", "in_person", "phone", "chat"]


CHANNEL_ODDS = [0.95, 0.45, 0.3, 0.4]


FORMATS = ["one_on_one", "group", "peer", "speed"]


FORMAT_ODDS = [1.0, 0.3, 0.2, 0.25]


MENTOR_CAPACITY = ([1, 2, 3, 4], [0.45, 0.3, 0.18, 0.07])


FIRST_NAMES = [
    "Amara",
    "Ana",
    "Arjun",
    "Aylin",
    "Bea",
    "Bruno",
    "Carmen",
    "Chen",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Eva",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jamal",
    "Jin",
    "Kai",
    "Kemi",
    "Lars",
    "Leila",
    "Luca",
    "Maya",
    "Mei",
    "Nadia",
    "Nikhil",
    "Noor",
    "Olu",
    "Omar",
    "Paula",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sana",
    "Sofia",
    "Tariq",
    "Tom",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]


LAST_NAMES = [
    "Adeyemi",
    "Almeida",
    "Bauer",
    "Becker",
    "Bianchi",
    "Campbell",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Gupta",
    "Haddad",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kaur",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Martin",
    "Mensah",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Pereira",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Walker",
    "Wang",
    "Weber",
    "Williams",
    "Yilmaz",
    "Zhang",
]


MENTEE_GOALS = [
    "Get better at {a} so I can take on {b} work within the next six months.",
    "Build confidence in {a}; I want to lead a {b} project by the end of the year.",
    "Move towards a role that needs {a} and {b}.",
    "Learn how senior people approach {a}, and practise {b} with feedback.",
    "Prepare for promotion: strengthen {a} and show results in {b}.",
]


MENTOR_GOALS = [
    "Share what I have learned about {a} and {b}.",
    "Help someone grow in {a}; I also want to practise coaching.",
    "Give back: happy to talk {a}, {b} and career choices.",
]
