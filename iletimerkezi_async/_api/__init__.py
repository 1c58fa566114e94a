"""The client's public methods, one module per area of the API.

Each method is a thin typed wrapper: it builds the method's :class:`~iletimerkezi_async.
sansio.Call` with the sans-IO function of the same name and runs it on the client's one
generic call path (retries, concurrency cap, time budget, logging).
"""
