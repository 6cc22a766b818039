#!/bin/sh
# Creates every topic of the wire contract plus `network` on the compose broker (idempotent); the layout of
# deploy/k8s/kafka/topics.yaml at single-host size: the busy topics get one partition per slot (parallelism 4),
# reference topics are compacted, as on the local stack.
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
topic() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1 ${3:+--config "$3"}
}
topic signal.events 4
topic vehicle.positions 4
topic bike.events 4
topic bike.zones 1 cleanup.policy=compact
topic bike.blacklist 1 cleanup.policy=compact
topic food.camera-events 2
topic food.sensor-readings 2
topic food.operations 2
topic food.kitchens 1 cleanup.policy=compact
topic signal.plan-acks 1
topic network 1 cleanup.policy=compact
topic signal.measures 4
topic probe.measures 2
topic signal.timing-plans 1
topic bike.dispatch-tasks 1
topic alerts 1
topic dlq 1
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list
