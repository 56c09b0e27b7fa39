"""Web chat: a bot answers from the knowledge base and files requests; a call-taker takes over on request."""
