package dev.hubcrm.bench;

/**
 * What a cold-start child prints on stdout for the parent, besides whatever the handler logs:
 * {@code HUBCRM-BENCH mark <name> <nanoTime>} at each step, then
 * {@code HUBCRM-BENCH answer <status> <nanoTime> <detail>} once the handler has answered.
 * {@link System#nanoTime()} reads CLOCK_MONOTONIC on Linux, which is one clock for every process,
 * so the parent can place the child's steps on its own time line. JDK classes only: it runs in
 * the bare yardstick jar too.
 */
final class ChildProtocol {
    static final String PREFIX = "HUBCRM-BENCH ";

    private ChildProtocol() {
    }

    static void mark(String name) {
        System.out.println(PREFIX + "mark " + name + " " + System.nanoTime());
    }

    static void answer(int status, String detail) {
        long now = System.nanoTime();
        System.out.println(PREFIX + "answer " + status + " " + now + " " + detail.replace('\n', ' '));
        System.out.flush();
    }
}
