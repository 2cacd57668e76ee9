terraform {
  required_providers {
    billing = {
      source  = "billingtf/billing"
      version = "~> 0.1.0"
    }
  }
}

# Every argument is optional and falls back to its environment variable;
# a vendor's settings are needed only when one of its data sources is read.
# Keep secrets out of configuration: set TRUEWATCH_API_KEY, VIRTUOZZO_TOKEN,
# OCAMBA_TOKEN and TALKDESK_CLIENT_SECRET in the environment instead.
provider "billing" {
  request_timeout = "60s"
  max_retries     = 4
  max_concurrency = 4

  truewatch = {
    endpoint = "https://eu1-openapi.truewatch.com"
  }

  virtuozzo = {
    api_url = "https://app.hoster.example"
  }

  ocamba = {
    endpoint = "https://api.ocamba.com"
  }

  talkdesk = {
    region    = "eu"
    account   = "acme"
    client_id = "0a1b2c3d4e5f"
  }
}
