"""Two CloudFormation behaviours of AWS that LocalStack 2026.3.0 lacks, restored at start-up.

A stack update that changes a parameter must move a function's alias to a new version (template.yaml:
each function's VersionDescription carries the values its configuration reads). On AWS that works in two
steps, and LocalStack skips both:

1. ``AWS::Lambda::Version``: AWS's resource schema lists Description, CodeSha256,
   ProvisionedConcurrencyConfig and RuntimePolicy as create-only, so a changed description *replaces*
   the version (publishes a new one). LocalStack's schema names FunctionName only, so it updates the
   version in place, which its provider does not implement: nothing is published.
2. ``AWS::Lambda::Alias``: AWS updates the alias to the new version. LocalStack's provider raises
   NotImplementedError on update, which its engine turns into a silent success: the alias stays. And
   LocalStack counts ``FunctionName: !Ref Fn`` as changed whenever the function changed, even though the
   name is the same, so it "replaces" the alias: CreateAlias of a second "live" fails, and the clean-up
   deletes the first. AWS compares values; the alias's name and function never change in this stack,
   so here the alias has no create-only property and is always updated in place.

Entry point ``localstack.hooks.on_infra_start`` (pyproject.toml), so it runs in LocalStack's process
before any stack is deployed. Installed with the ``process`` executor on hosts without Docker.
"""

import logging

from localstack.runtime import hooks

LOG = logging.getLogger(__name__)

# AWS's create-only properties of AWS::Lambda::Version (its CloudFormation resource provider schema).
AWS_VERSION_CREATE_ONLY = [
    "/properties/FunctionName",
    "/properties/Description",
    "/properties/CodeSha256",
    "/properties/ProvisionedConcurrencyConfig",
    "/properties/RuntimePolicy",
]


def update_alias(self, request):
    """UpdateAlias with the desired version, description and routing, as CloudFormation does on AWS."""
    from localstack.services.cloudformation.provider_utils import select_attributes
    from localstack.services.cloudformation.resource_provider import OperationStatus, ProgressEvent

    model = request.desired_state
    params = select_attributes(model, ["FunctionName", "Name", "FunctionVersion", "Description", "RoutingConfig"])
    model["Id"] = request.aws_client_factory.lambda_.update_alias(**params)["AliasArn"]
    return ProgressEvent(status=OperationStatus.SUCCESS, resource_model=model, custom_context=request.custom_context)


def apply():
    from localstack.services.lambda_.resource_providers.aws_lambda_version import LambdaVersionProvider
    from localstack.services.lambda_.resource_providers.lambda_alias import LambdaAliasProvider

    LambdaVersionProvider.SCHEMA["createOnlyProperties"] = list(AWS_VERSION_CREATE_ONLY)
    LambdaAliasProvider.SCHEMA["createOnlyProperties"] = []
    LambdaAliasProvider.update = update_alias
    LOG.info("dubwatch: AWS's CloudFormation replacement of Lambda versions and alias updates restored")


@hooks.on_infra_start()
def restore_lambda_version_and_alias_updates():
    apply()
