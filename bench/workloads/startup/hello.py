# startup: hello world through the event loop.
import asyncio

async def main():
    print("Hello, world!")

asyncio.run(main())
