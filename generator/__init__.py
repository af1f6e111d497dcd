"""wcfgen: typed Python bindings from .NET WCF WebHttp help pages."""

__version__ = "0.1.0"
