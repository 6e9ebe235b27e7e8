"""Drives Updraft's /api/v2 with Airflow's own Python API client (apache-airflow-client), as a team scripting
Airflow would: python3 airflow_client_check.py BASE_URL USER PASSWORD PHASE SECRET.

Phase "trigger": token, DAG list and details, pause and unpause, trigger a run with a conf, 409 on a taken run id,
404 on an unknown DAG. Phase "inspect" (after the run has ended): runs, task instances, logs, XCom, clear (dry run
and real), mark a task instance. Every answer is parsed into the client's strict pydantic models, so a missing or
mistyped field fails here. Prints "ok <phase>" at the end; any failure raises.
"""
import json
import sys
import urllib.request

import airflow_client.client as client
from airflow_client.client.api.dag_api import DAGApi
from airflow_client.client.api.dag_run_api import DagRunApi
from airflow_client.client.api.task_instance_api import TaskInstanceApi
from airflow_client.client.api.x_com_api import XComApi
from airflow_client.client.exceptions import ApiException
from airflow_client.client.models.clear_task_instances_body import ClearTaskInstancesBody
from airflow_client.client.models.dag_patch_body import DAGPatchBody
from airflow_client.client.models.patch_task_instance_body import PatchTaskInstanceBody
from airflow_client.client.models.trigger_dag_run_post_body import TriggerDAGRunPostBody

base, user, password, phase, secret = sys.argv[1:6]
DAG_ID = "client_dag"
RUN_ID = "from-client__2026-01-01T00:00:00+00:00"


def token():
    request = urllib.request.Request(base + "/auth/token", method="POST",
                                     data=json.dumps({"username": user, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)["access_token"]


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_status(status, call):
    try:
        call()
    except ApiException as error:
        expect(error.status == status, f"expected {status}, got {error.status}: {error.body}")
        return error
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


api = client.ApiClient(client.Configuration(host=base, access_token=token()))
dags, runs, instances, xcoms = DAGApi(api), DagRunApi(api), TaskInstanceApi(api), XComApi(api)

if phase == "trigger":
    listed = dags.get_dags(limit=100)
    expect(listed.total_entries == 1 and listed.dags[0].dag_id == DAG_ID, f"dags: {listed}")
    expect(listed.dags[0].tags[0].name == "talend", f"tags: {listed.dags[0].tags}")
    expect(dags.patch_dag(DAG_ID, DAGPatchBody(is_paused=True)).is_paused is True, "pause")
    expect(dags.get_dag(DAG_ID).is_paused is True, "paused")
    expect(dags.patch_dag(DAG_ID, DAGPatchBody(is_paused=False)).is_paused is False, "unpause")
    run = runs.trigger_dag_run(DAG_ID, TriggerDAGRunPostBody(dag_run_id=RUN_ID, logical_date=None,
                                                             conf={"region": "eu", "token": secret}))
    expect(run.dag_run_id == RUN_ID and run.state.value in ("queued", "running"), f"trigger: {run}")
    expect(secret not in json.dumps(run.conf), "the conf comes back masked")
    expect_status(409, lambda: runs.trigger_dag_run(DAG_ID, TriggerDAGRunPostBody(dag_run_id=RUN_ID, logical_date=None)))
    expect_status(404, lambda: dags.get_dag("no_such_dag"))
elif phase == "inspect":
    run = runs.get_dag_run(DAG_ID, RUN_ID)
    expect(run.state.value == "failed", f"run: {run}")
    expect(runs.get_dag_runs(DAG_ID, state=["failed"]).total_entries == 1, "runs by state")
    expect(runs.get_dag_runs("~").total_entries == 1, "runs of every DAG")
    listed = instances.get_task_instances(DAG_ID, RUN_ID)
    states = {ti.task_id: (ti.state.value if ti.state else None) for ti in listed.task_instances}
    expect(states == {"extract": "success", "load": "failed", "report": "upstream_failed"}, f"states: {states}")
    extract = instances.get_task_instance(DAG_ID, RUN_ID, "extract")
    expect(extract.try_number == 1 and extract.operator is not None, f"extract: {extract}")
    log = instances.get_log(DAG_ID, RUN_ID, "extract", 1, full_content=True)
    text = json.dumps(log.to_dict(), default=str)
    expect("region eu" in text and secret not in text, f"log: {text[:500]}")
    entries = xcoms.get_xcom_entries(DAG_ID, RUN_ID, "extract")
    expect([entry.key for entry in entries.xcom_entries] == ["return_value"], f"xcom: {entries}")
    value = xcoms.get_xcom_entry(DAG_ID, "extract", RUN_ID, "return_value").actual_instance
    expect(value.value is not None and secret not in json.dumps(value.to_dict(), default=str), f"value: {value}")
    dry = instances.post_clear_task_instances(DAG_ID, ClearTaskInstancesBody(dag_run_id=RUN_ID, dry_run=True,
                                                                             only_failed=True))
    expect(sorted(ti.task_id for ti in dry.task_instances) == ["load", "report"], f"dry run: {dry}")
    marked = instances.patch_task_instance(DAG_ID, RUN_ID, "load", PatchTaskInstanceBody(new_state="success"))
    expect({ti.task_id for ti in marked.task_instances} == {"load", "report"}, f"marked: {marked}")
    expect(instances.get_task_instance(DAG_ID, RUN_ID, "load").state.value == "success", "load marked success")
    state = runs.get_dag_run(DAG_ID, RUN_ID).state.value
    expect(state in ("queued", "running", "success"), f"the run goes on: {state}")
else:
    raise SystemExit(f"unknown phase {phase}")
print("ok " + phase)
