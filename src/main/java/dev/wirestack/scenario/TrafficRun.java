package dev.wirestack.scenario;

/** One traffic item while it runs: started at its time by the runner, asked whether it is done, then summed up. */
interface TrafficRun {
    /** Called at the item's start time, from a scheduled action of the network. */
    void start();

    /** Done: nothing more will happen (all answered, delivered or given up). */
    boolean finished();

    Outcome outcome();
}
