"""Validate a compiled KFP v2 pipeline (IR YAML or JSON) with the real Kubeflow Pipelines packages.

Used by @ferry/kfp's tests as an independent check of what it compiles. Three stages, each
one fatal:

1. proto: the PipelineSpec parsed STRICTLY by google.protobuf.json_format.ParseDict into
   kfp-pipeline-spec's `PipelineSpec` (unknown fields are errors), its `deploymentSpec`
   (a Struct in the proto) into `PipelineDeploymentConfig`, the optional second YAML
   document into `PlatformSpec`, and each Kubernetes executor config into kfp-kubernetes'
   `KubernetesExecutorConfig`. The KFP API server and its Argo compiler unmarshal the same
   messages with Go's protojson, which rejects unknown fields too.
2. sdk: the file loaded by the kfp SDK (`kfp.components.load_component_from_text`, the loader
   behind `load_component_from_file`), holding the same PipelineSpec and PlatformSpec, and
   written out again by `kfp.compiler.Compiler().compile`.
3. graph: references the backend resolves at run time: tasks -> components -> executors,
   dependentTasks -> tasks (acyclic), componentInputParameter -> root inputs, and
   `{{$.inputs.parameters['x']}}` placeholders -> the component's inputs; schemaVersion 2.1.0.

Prints a JSON summary on stdout (tasks with their dependencies, parameters with types and
defaults) and exits 0, or prints `validate_kfp: <stage>: <why>` on stderr and exits 1.

Usage (with the repo's venv, see scripts/python/setup.sh):
    .venv/bin/python scripts/python/validate_kfp.py pipeline.yaml
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from google.protobuf import json_format

PLACEHOLDER = re.compile(r"\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}")
SCHEMA_VERSION = "2.1.0"


class Invalid(Exception):
    def __init__(self, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")


def read_documents(path: Path) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """The file as YAML text for the SDK, its PipelineSpec, and its PlatformSpec if any."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            docs = [json.loads(text)]
            # The SDK reads files with PyYAML, whose YAML 1.1 rules take 1e-07 for a string.
            text = yaml.safe_dump(docs[0], sort_keys=True)
        else:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except (ValueError, yaml.YAMLError) as e:
        raise Invalid("read", f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {e}") from e
    if not docs or not isinstance(docs[0], dict):
        raise Invalid("read", f"{path} holds no PipelineSpec mapping")
    if len(docs) > 2:
        raise Invalid("read", f"{path} has {len(docs)} documents; expected a PipelineSpec and at most a PlatformSpec")
    platform = docs[1] if len(docs) == 2 else None
    return text, docs[0], platform


def parse_strict(data: Any, message: Any, what: str) -> Any:
    try:
        return json_format.ParseDict(data, message, ignore_unknown_fields=False)
    except json_format.ParseError as e:
        raise Invalid("proto", f"{what}: {e}") from e


def check_proto(spec: dict[str, Any], platform: dict[str, Any] | None) -> tuple[Any, Any]:
    from kfp.pipeline_spec import pipeline_spec_pb2

    parsed = parse_strict(spec, pipeline_spec_pb2.PipelineSpec(), "PipelineSpec")
    parse_strict(spec.get("deploymentSpec", {}), pipeline_spec_pb2.PipelineDeploymentConfig(), "deploymentSpec")
    parsed_platform = None
    if platform is not None:
        from kfp.kubernetes import kubernetes_executor_config_pb2

        parsed_platform = parse_strict(platform, pipeline_spec_pb2.PlatformSpec(), "PlatformSpec")
        executors = platform.get("platforms", {}).get("kubernetes", {}).get("deploymentSpec", {}).get("executors", {})
        for label, config in executors.items():
            parse_strict(
                config,
                kubernetes_executor_config_pb2.KubernetesExecutorConfig(),
                f"PlatformSpec kubernetes executor {label!r}",
            )
    return parsed, parsed_platform


def check_sdk(text: str, parsed: Any, platform: Any) -> dict[str, str]:
    """Load with the kfp SDK, write the loaded pipeline out again, and compare what it holds."""
    from kfp import compiler, components

    try:
        component = components.load_component_from_text(text)
        with tempfile.TemporaryDirectory() as tmp:
            # Written, not read back: the SDK's YAML writer puts parameter defaults in a comment
            # header, where a string default with a newline breaks the file (kfp 2.16).
            compiler.Compiler().compile(component, str(Path(tmp) / "recompiled.yaml"))
    except Exception as e:  # the SDK raises ValueError, KeyError, TypeError, ParseError...
        raise Invalid("sdk", f"{type(e).__name__}: {e}") from e
    if component.component_spec.implementation.graph is None:
        raise Invalid("sdk", "kfp loaded the file as a single container component, not a pipeline")
    if component.pipeline_spec != parsed:
        ours, theirs = json_format.MessageToDict(parsed), json_format.MessageToDict(component.pipeline_spec)
        keys = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
        raise Invalid("sdk", f"kfp loaded a different PipelineSpec (in {', '.join(keys)})")
    if platform is not None and component.platform_spec != platform:
        raise Invalid("sdk", "kfp loaded a different PlatformSpec")
    return {name: str(spec.type) for name, spec in (component.component_spec.inputs or {}).items()}


def check_graph(spec: dict[str, Any], platform: dict[str, Any] | None) -> dict[str, Any]:
    if spec.get("schemaVersion") != SCHEMA_VERSION:
        raise Invalid("graph", f"schemaVersion is {spec.get('schemaVersion')!r}; KFP only runs {SCHEMA_VERSION}")
    components = spec.get("components", {})
    executors = spec.get("deploymentSpec", {}).get("executors", {})
    root = spec.get("root", {})
    tasks = root.get("dag", {}).get("tasks", {})
    root_params = root.get("inputDefinitions", {}).get("parameters", {})
    if not tasks:
        raise Invalid("graph", "the root DAG has no tasks")
    summary_tasks: dict[str, Any] = {}
    for name, task in tasks.items():
        ref = task.get("componentRef", {}).get("name")
        component = components.get(ref)
        if component is None:
            raise Invalid("graph", f"task {name!r} uses component {ref!r}, which is not in components")
        label = component.get("executorLabel")
        executor = executors.get(label)
        if executor is None or "container" not in executor:
            raise Invalid("graph", f"component {ref!r} has executor {label!r}, which has no container")
        for dep in task.get("dependentTasks", []):
            if dep not in tasks:
                raise Invalid("graph", f"task {name!r} depends on {dep!r}, which is not a task")
        declared = component.get("inputDefinitions", {}).get("parameters", {})
        for input_name, source in task.get("inputs", {}).get("parameters", {}).items():
            if input_name not in declared:
                raise Invalid("graph", f"task {name!r} sets input {input_name!r}, which component {ref!r} does not declare")
            upstream = source.get("componentInputParameter")
            if upstream is not None and upstream not in root_params:
                raise Invalid("graph", f"task {name!r} reads pipeline parameter {upstream!r}, which root does not declare")
        container = executor["container"]
        for arg in [*container.get("command", []), *container.get("args", [])]:
            for used in PLACEHOLDER.findall(arg):
                if used not in declared:
                    raise Invalid("graph", f"executor {label!r} uses {{{{$.inputs.parameters['{used}']}}}}, not an input of {ref!r}")
        summary_tasks[name] = {
            "displayName": task.get("taskInfo", {}).get("name"),
            "component": ref,
            "executor": label,
            "dependsOn": sorted(task.get("dependentTasks", [])),
            "image": container.get("image"),
            "command": container.get("command", []),
            "args": container.get("args", []),
            "env": {e["name"]: e.get("value", "") for e in container.get("env", [])},
            "resources": container.get("resources", {}),
            "retryPolicy": task.get("retryPolicy"),
            "caching": task.get("cachingOptions", {}).get("enableCache", False),
            "inputs": sorted(task.get("inputs", {}).get("parameters", {})),
        }
    check_acyclic(tasks)
    kubernetes = (platform or {}).get("platforms", {}).get("kubernetes", {}).get("deploymentSpec", {}).get("executors", {})
    for label in kubernetes:
        if label not in executors:
            raise Invalid("graph", f"the Kubernetes platform spec configures executor {label!r}, which does not exist")
    return {
        "pipelineName": spec.get("pipelineInfo", {}).get("name"),
        "schemaVersion": spec["schemaVersion"],
        "sdkVersion": spec.get("sdkVersion"),
        "tasks": summary_tasks,
        "parameters": {
            name: {"type": p.get("parameterType"), "default": p.get("defaultValue"), "optional": p.get("isOptional", False)}
            for name, p in root_params.items()
        },
        "platform": {"kubernetes": kubernetes} if platform is not None else None,
    }


def check_acyclic(tasks: dict[str, Any]) -> None:
    pending = {name: len(task.get("dependentTasks", [])) for name, task in tasks.items()}
    children: dict[str, list[str]] = {name: [] for name in tasks}
    for name, task in tasks.items():
        for dep in task.get("dependentTasks", []):
            children[dep].append(name)
    ready = [name for name, n in pending.items() if n == 0]
    seen = 0
    while ready:
        name = ready.pop()
        seen += 1
        for child in children[name]:
            pending[child] -= 1
            if pending[child] == 0:
                ready.append(child)
    if seen != len(tasks):
        stuck = sorted(name for name, n in pending.items() if n > 0)
        raise Invalid("graph", f"dependentTasks form a cycle through {', '.join(stuck[:5])}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="compiled pipeline: .yaml/.yml (1-2 documents) or .json")
    parser.add_argument("--skip-sdk", action="store_true", help="only the proto and graph checks (faster)")
    args = parser.parse_args(argv)
    try:
        text, spec, platform = read_documents(args.spec)
        parsed, parsed_platform = check_proto(spec, platform)
        sdk_inputs = None if args.skip_sdk else check_sdk(text, parsed, parsed_platform)
        summary = check_graph(spec, platform)
    except Invalid as e:
        print(f"validate_kfp: {e}", file=sys.stderr)
        return 1
    summary["sdkInputs"] = sdk_inputs
    json.dump(summary, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
