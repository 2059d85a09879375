// Each test class starts its own store and replicas, which mostly wait on timers: four classes at a time keep the
// suite's wall time near its longest scenario without starving a 2-core machine.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
