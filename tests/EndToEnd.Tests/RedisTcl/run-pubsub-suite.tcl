# Runs Redis 7.0's own pub/sub tests against a running server, in external-server mode.
#
#   tclsh run-pubsub-suite.tcl <redis-source-tests-dir> <host> <port>
#
# The test files (unit/pubsub.tcl and unit/pubsubshard.tcl of the suite) and Redis's test support (support/redis.tcl,
# util.tcl, test.tcl) are used unchanged. This driver replaces only the suite's runner (test_helper.tcl), because its
# external mode starts every file with FLUSHALL and FUNCTION FLUSH, keyspace commands a room broker does not have, and
# it skips pubsubshard.tcl entirely (tagged external:skip for its replication block). Here:
#   - each top-level start_server block runs against the server given; nested blocks (pubsubshard.tcl's second block
#     needs two servers and REPLICAOF) are reported as skipped;
#   - the keyspace-notification tests of pubsub.tcl are skipped (a broker has no keys);
#   - the three tests that send a bare (P|S)UNSUBSCRIBE without reading its reply and at once PUBLISH on another
#     connection are skipped: they assume one server thread takes commands of different connections in the order they
#     were written, an order ActorRooms does not promise (docs/protocol.md, "Redis's own tests");
#   - every other test runs; the exit code is 0 only when none failed.
# The last line is "N passed, N failed, N skipped".

if {[llength $argv] != 3} {
    puts stderr "usage: tclsh run-pubsub-suite.tcl <redis-source-tests-dir> <host> <port>"
    exit 2
}
lassign $argv tests_dir ::host ::port
cd $tests_dir

set ::verbose 0
set ::quiet 0
set ::external 1
set ::singledb 0
set ::tls 0
set ::durable 1
set ::traceleaks 0
set ::stop_on_failure 0
set ::large_memory 0
set ::cluster_mode 0
set ::loop 0
set ::numclients 1
set ::tags {}
set ::allowtags {}
set ::denytags {}
set ::skiptests {
    {/^Keyspace notifications:}
    {PUBLISH/SUBSCRIBE after UNSUBSCRIBE without arguments}
    {PUBLISH/PSUBSCRIBE after PUNSUBSCRIBE without arguments}
    {SPUBLISH/SSUBSCRIBE after UNSUBSCRIBE without arguments}
}
set ::only_tests {}
set ::servers {}
set ::cur_test ""
set ::curfile ""
set ::num_tests 0
set ::num_passed 0
set ::num_failed 0
set ::num_skipped 0
set ::num_aborted 0
set ::tests_failed {}
set ::test_server_fd stdout
set ::skipped_blocks 0

source support/redis.tcl
source support/util.tcl
source support/test.tcl

# The suite's runner would send these to its test server; print them instead.
proc send_data_packet {fd status data {elapsed 0}} {
    switch -- $status {
        ok { puts "\[ok\]: $data" }
        err { puts "\[err\]: $data" }
        skip { puts "\[skip\]: $data" }
        ignore { puts "\[ignore\]: $data" }
        default { }
    }
    flush stdout
}

proc tags_acceptable {tags err_return} { return 1 }

proc srv {args} {
    set level 0
    if {[string is integer [lindex $args 0]]} {
        set level [lindex $args 0]
        set property [lindex $args 1]
    } else {
        set property [lindex $args 0]
    }
    dict get [lindex $::servers end+$level] $property
}

proc r {args} {
    set level 0
    if {[string is integer [lindex $args 0]]} {
        set level [lindex $args 0]
        set args [lrange $args 1 end]
    }
    [srv $level "client"] {*}$args
}

proc redis_deferring_client {args} {
    set client [redis [srv 0 "host"] [srv 0 "port"] 1 $::tls]
    $client select 9
    $client read
    return $client
}

proc redis_client {args} {
    set client [redis [srv 0 "host"] [srv 0 "port"] 0 $::tls]
    $client select 9
    return $client
}

proc start_server {options code} {
    if {[llength $::servers] > 0} {
        incr ::skipped_blocks
        puts "\[skip\]: a nested start_server block (it needs a second server)"
        return
    }
    set client [redis $::host $::port 0 $::tls]
    $client select 9
    lappend ::servers [dict create host $::host port $::port client $client]
    if {[catch {uplevel 1 $code} error]} {
        incr ::num_failed
        puts "\[err\]: the block stopped: $error"
    }
    $client close
    set ::servers [lrange $::servers 0 end-1]
}

foreach file {unit/pubsub.tcl unit/pubsubshard.tcl} {
    set ::curfile $file
    puts "=== $file"
    source $file
}

puts "[expr {$::num_passed}] passed, $::num_failed failed, [expr {$::num_skipped + $::skipped_blocks}] skipped"
exit [expr {$::num_failed > 0 ? 1 : 0}]
