#!/bin/bash
# As upstream's kafka-topics.sh: a named main class through kafka-run-class.sh.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"
