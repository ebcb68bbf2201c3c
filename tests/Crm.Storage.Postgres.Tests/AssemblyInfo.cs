// The tests share one server (CRM_PG_CONNECTION): run one class at a time, so that a test summing over the whole
// database (the points liability) sees only its own writes, and the concurrency tests' connections fit the server's limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
