#!/bin/bash
# As upstream's kafka-console-producer.sh: a named main class through kafka-run-class.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.ConsoleProducer "$@"
