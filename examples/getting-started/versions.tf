terraform {
  required_providers {
    billing = {
      source  = "billingtf/billing"
      version = "~> 0.1.0"
    }
  }
}

# Settings that are not secret may go here; credentials come from the
# environment (TRUEWATCH_API_KEY, OCAMBA_TOKEN, ...).
provider "billing" {}
