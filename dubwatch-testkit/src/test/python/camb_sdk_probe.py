"""Drives the official Camb.ai Python SDK (camb-sdk, unmodified) against a given base URL.

Used by CambSdkIT to check that the simulator speaks the API the SDK expects. The key comes from
CAMB_API_KEY, which the SDK reads itself; the base URL is passed to the client's ``base_url``.
Prints one JSON object on stdout describing what the SDK returned or raised.

    camb_sdk_probe.py --base-url URL watch TASK_ID     poll until not PENDING, then fetch the result
    camb_sdk_probe.py --base-url URL status TASK_ID    one status call
    camb_sdk_probe.py --base-url URL result RUN_ID     one result call
    camb_sdk_probe.py --base-url URL dub VIDEO_URL SOURCE TARGETS
        create a dub (client.dub.create_dub, which sends the raw client's end_to_end_dubbing; SOURCE
        an id or a string, TARGETS comma-separated ids), then poll it like watch
    camb_sdk_probe.py --base-url URL languages -       the SDK's Languages enum and target-languages
"""

import argparse
import importlib.metadata
import json
import sys
import time

from camb import CambAI
from camb.core.api_error import ApiError
from camb.types.language_enums import Languages

MAX_POLLS = 20
POLL_INTERVAL_SECONDS = 0.05


def dump(value):
    """A pydantic model (or a dict or list of them) as plain JSON data, with its model name."""
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dump(item) for item in value]
    if hasattr(value, "dict"):
        return {"model": type(value).__name__, "fields": value.dict()}
    return value


def status_of(answer):
    return {
        "model": type(answer).__name__,
        "status": answer.status,
        "run_id": answer.run_id,
        "run_id_is_int": isinstance(answer.run_id, int),
        "exception_reason": answer.exception_reason,
        "message": answer.message,
    }


def error_of(error):
    if isinstance(error, ApiError):
        return {
            "type": type(error).__name__,
            "status_code": error.status_code,
            "body": dump(error.body),
        }
    return {"type": type(error).__name__, "text": str(error)}


def watch(client, task_id):
    answers = []
    for _ in range(MAX_POLLS):
        answer = client.dub.get_dubbing_status(task_id=task_id)
        answers.append(status_of(answer))
        if answer.status != "PENDING":
            break
        time.sleep(POLL_INTERVAL_SECONDS)
    report = {"statuses": answers}
    last = answers[-1]
    if last["status"] == "SUCCESS":
        report["result"] = dump(client.dub.get_dubbed_run_info(run_id=last["run_id"]))
    return report


def language(value):
    """An id as an int; anything else passed through as the SDK's LanguageInput allows."""
    return int(value) if value.isdigit() else value


def dub(client, video_url, source, targets):
    created = client.dub.create_dub(
        video_url=video_url,
        source_language=language(source),
        target_languages=[language(target) for target in targets.split(",")],
    )
    report = {"created": dump(created)}
    report.update(watch(client, created.task_id))
    return report


def languages(client):
    return {
        "sdk_enum": {member.name: member.value for member in Languages},
        "target_languages": dump(client.languages.get_target_languages()),
        "source_languages": dump(client.languages.get_source_languages()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("command", choices=["watch", "status", "result", "dub", "languages"])
    parser.add_argument("id")
    parser.add_argument("source", nargs="?")
    parser.add_argument("targets", nargs="?")
    args = parser.parse_args()

    client = CambAI(base_url=args.base_url)
    report = {"sdk_version": importlib.metadata.version("camb-sdk")}
    try:
        if args.command == "watch":
            report.update(watch(client, args.id))
        elif args.command == "dub":
            report.update(dub(client, args.id, args.source, args.targets))
        elif args.command == "languages":
            report.update(languages(client))
        elif args.command == "status":
            report["status"] = status_of(client.dub.get_dubbing_status(task_id=args.id))
        else:
            report["result"] = dump(client.dub.get_dubbed_run_info(run_id=int(args.id)))
    except Exception as error:  # the report says what the SDK raised; the test judges it
        report["error"] = error_of(error)
    json.dump(report, sys.stdout, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
