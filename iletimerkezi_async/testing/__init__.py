"""A faithful in-memory fake of the iletimerkezi.com provider for tests and the demo.

::

    fake = FakeIletiMerkezi()
    fake.generate(100)
    fake.inject(Fault.server_error(), 0.1)
    async with AsyncClient(fake.api_key, fake.api_hash, transport=fake.transport) as client:
        contact = await client.get_contact(1)

or on a real loopback socket: ``async with fake.serve() as base_url: ...``. pytest
users get a ready fake from the ``iletimerkezi_fake`` fixture.
"""

from .blacklist import FakeBlacklist
from .clock import FakeClock
from .fake import FakeIletiMerkezi, FakeStats
from .faults import Fault
from .messaging import FakeOrder
from .people import generate_contacts
from .shapes import FakeResponse, encode_contact

__all__ = [
    "FakeBlacklist",
    "FakeClock",
    "FakeIletiMerkezi",
    "FakeOrder",
    "FakeResponse",
    "FakeStats",
    "Fault",
    "encode_contact",
    "generate_contacts",
]
