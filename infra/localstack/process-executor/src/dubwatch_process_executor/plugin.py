"""Entry point ``process`` in ``localstack.lambda.runtime_executor``: selected with LAMBDA_RUNTIME_EXECUTOR=process."""

from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin


class ProcessRuntimeExecutorPlugin(RuntimeExecutorPlugin):
    name = "process"

    def load(self, *args, **kwargs):
        from dubwatch_process_executor.executor import ProcessRuntimeExecutor

        return ProcessRuntimeExecutor
