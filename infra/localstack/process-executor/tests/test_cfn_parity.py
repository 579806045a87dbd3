"""The start-up hook gives LocalStack AWS's replacement of Lambda versions and in-place alias updates."""

from types import SimpleNamespace

from dubwatch_process_executor import cfn_parity
from localstack.services.cloudformation.resource_provider import OperationStatus, ResourceProviderExecutor


def test_a_changed_version_description_replaces_the_version_and_the_alias_updates_in_place():
    cfn_parity.apply()

    version = ResourceProviderExecutor.try_load_resource_provider("AWS::Lambda::Version")
    alias = ResourceProviderExecutor.try_load_resource_provider("AWS::Lambda::Alias")

    assert "/properties/Description" in version.SCHEMA["createOnlyProperties"]
    assert alias.SCHEMA["createOnlyProperties"] == []


def test_the_alias_update_moves_the_alias_to_the_desired_version():
    cfn_parity.apply()
    calls = []

    class Lambda:
        def update_alias(self, **params):
            calls.append(params)
            return {"AliasArn": "arn:aws:lambda:us-east-1:000000000000:function:fn:live"}

    request = SimpleNamespace(
        desired_state={"FunctionName": "fn", "Name": "live", "FunctionVersion": "2", "Unrelated": "x"},
        aws_client_factory=SimpleNamespace(lambda_=Lambda()),
        custom_context={},
    )
    alias = ResourceProviderExecutor.try_load_resource_provider("AWS::Lambda::Alias")

    event = alias.update(request)

    assert calls == [{"FunctionName": "fn", "Name": "live", "FunctionVersion": "2"}]
    assert event.status == OperationStatus.SUCCESS
    assert event.resource_model["Id"].endswith(":live")
