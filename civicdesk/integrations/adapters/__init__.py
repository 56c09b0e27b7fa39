"""The registry of department delivery methods: one small class each, behind `Adapter`."""

from civicdesk.integrations.adapters.base import Adapter, DeliveryError, DeliveryResult
from civicdesk.integrations.adapters.email import EmailAdapter
from civicdesk.integrations.adapters.open311 import Open311PushAdapter
from civicdesk.integrations.adapters.webhook import WebhookAdapter

ADAPTERS: dict[str, type[Adapter]] = {
    adapter.name: adapter for adapter in (WebhookAdapter, Open311PushAdapter, EmailAdapter)
}


def adapter_named(name: str) -> Adapter:
    """The adapter registered under `name`; KeyError with a helpful message if there is none."""
    try:
        return ADAPTERS[name]()
    except KeyError:
        raise KeyError(f"There is no adapter '{name}'. Use one of: {', '.join(sorted(ADAPTERS))}.") from None


__all__ = ["ADAPTERS", "Adapter", "DeliveryError", "DeliveryResult", "adapter_named"]
