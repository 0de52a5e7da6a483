#!/bin/bash
# As upstream's zookeeper-shell.sh: a named main class through kafka-run-class.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka -server "$@"
