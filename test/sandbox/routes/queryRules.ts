/**
 * `GET /_api/query/rules`: the optimizer rules of ArangoDB 3.12, in arangod's order, with its
 * descriptions and flags (golden recording `later/RestQueryRules`, arangod 3.12.10). The sandbox's
 * own optimizer applies only `use-indexes` (see `aql/README.md`); the list says what a real
 * server knows, so clients can check rule names against it.
 */
import type { RouteContext } from '../server/context';
import { jsonResponse, type SandboxResponse } from '../server/messages';
import { methodNotAllowed, notFound } from '../server/serverErrors';

type RuleFlag = 'hidden' | 'clusterOnly' | 'canBeDisabled' | 'canCreateAdditionalPlans' | 'disabledByDefault' | 'enterpriseOnly';

const FLAG_ORDER: readonly RuleFlag[] = ['hidden', 'clusterOnly', 'canBeDisabled', 'canCreateAdditionalPlans', 'disabledByDefault', 'enterpriseOnly'];

interface OptimizerRuleEntry {
  readonly name: string;
  readonly description: string;
  readonly flags: Readonly<Record<RuleFlag, boolean>>;
}

/** A rule with the flags that are true; every other flag is false, keys in arangod's order. */
function rule(name: string, set: readonly RuleFlag[], description: string): OptimizerRuleEntry {
  return { name, description, flags: Object.fromEntries(FLAG_ORDER.map((flag) => [flag, set.includes(flag)])) as Record<RuleFlag, boolean> };
}

const OPTIMIZER_RULES: readonly OptimizerRuleEntry[] = [
  rule("replace-function-with-index", [],
    "Replace deprecated index functions such as `FULLTEXT()`,\n`NEAR()`, `WITHIN()`, or `WITHIN_RECTANGLE()` with a regular subquery."),
  rule("inline-subqueries", ['canBeDisabled'],
    "Try to pull subqueries out into their surrounding scope, e.g.\n`FOR x IN (FOR y IN collection FILTER y.value >= 5 RETURN y.test) RETURN x.a`\nbecomes `FOR tmp IN collection FILTER tmp.value >= 5 LET x = tmp.test RETURN x.a`."),
  rule("replace-like-with-range", [],
    "Replace LIKE() function with range scans where possible."),
  rule("replace-entries-with-object-iteration", ['canBeDisabled'],
    "Replace FOR ... ENTRIES(obj) enumeration with proper object iteration\nto avoid copying a lot of key/value pairs and storing intermediate results."),
  rule("simplify-conditions", ['canBeDisabled'],
    "Replace parts in `CalculationNode` expressions with\nsimpler expressions."),
  rule("move-calculations-up", ['canBeDisabled'],
    "Move calculations up in the processing pipeline as far as\npossible (ideally out of enumerations) so they are not executed in loops if not\nrequired. It is quite common that this rule enables further optimizations."),
  rule("move-filters-up", ['canBeDisabled'],
    "Move filters up in the processing pipeline as far as possible\n(ideally out of inner loops) so they filter results as early as possible."),
  rule("remove-redundant-calculations", ['canBeDisabled'],
    "Replace references to redundant calculations (expressions\nwith the exact same result) with a single reference, allowing other rules to\nremove no longer needed calculations."),
  rule("remove-unnecessary-filters", ['canBeDisabled'],
    "Remove `FILTER` conditions that always evaluate to `true`."),
  rule("remove-unnecessary-calculations", ['canBeDisabled'],
    "Remove all calculations whose result is not referenced in the\nquery. This can be a consequence of applying other optimizations."),
  rule("specialize-collect", ['hidden', 'canCreateAdditionalPlans'],
    "Appears whenever a `COLLECT` statement is used in a query to determine\nthe type of `CollectNode` to use."),
  rule("remove-redundant-sorts", ['canBeDisabled'],
    "Try to merge multiple `SORT` statements into fewer sorts."),
  rule("optimize-subqueries", ['canBeDisabled'],
    "Apply optimizations to subqueries.\n\nThis rule adds a `LIMIT` statement to qualifying subqueries to make them return\nless data. It also modifies the result value of subqueries in case only the\nnumber of subquery results is checked later. This saves copying the document\ndata from the subquery to the outer scope and may enable follow-up\noptimizations."),
  rule("interchange-adjacent-enumerations", ['canBeDisabled', 'canCreateAdditionalPlans'],
    "Try out permutations of `FOR` statements in queries that contain\nmultiple loops, which may enable further optimizations by other rules."),
  rule("move-calculations-up-2", ['canBeDisabled'],
    "Second pass of moving calculations up in the processing\npipeline as far as possible, to pull them out of inner loops etc."),
  rule("move-filters-up-2", ['canBeDisabled'],
    "Second pass of moving filters up in the processing pipeline\nas far as possible so they filter results as early as possible."),
  rule("replace-equal-attribute-accesses", ['canBeDisabled', 'disabledByDefault'],
    "Replace attribute accesses that are equal due to a filter statement\nwith the same value. This might enable other optimizations later on."),
  rule("remove-redundant-sorts-2", ['canBeDisabled'],
    "Second pass of trying to merge multiple `SORT` statements\ninto fewer sorts."),
  rule("remove-sort-rand-limit-1", ['canBeDisabled'],
    "Remove `SORT RAND() LIMIT 1` constructs by moving the random iteration\ninto `EnumerateCollectionNode`.\n\nThe RocksDB storage engine doesn't allow to seek random documents efficiently.\nThis optimization picks a pseudo-random document based on a limited number of\nseeks within the collection's key range, selecting a random start key in the\nkey range, and then going a few steps before or after that."),
  rule("remove-collect-variables", ['canBeDisabled'],
    "Remove `INTO` and `AGGREGATE` clauses from `COLLECT`\nstatements if the result is not used."),
  rule("propagate-constant-attributes", ['canBeDisabled'],
    "Insert constant values into `FILTER` conditions, replacing\ndynamic attribute values."),
  rule("remove-data-modification-out-variables", ['canBeDisabled'],
    "Avoid setting the pseudo-variables `OLD` and `NEW` if they\nare not used in data modification queries."),
  rule("replace-or-with-in", ['canBeDisabled'],
    "Combine multiple `OR` equality conditions on the same\nvariable or attribute with an `IN` condition."),
  rule("replace-any-eq-with-in", ['canBeDisabled'],
    "Replace `ANY ==` array comparison expressions with equivalent `IN`\nexpressions to enable further optimizations and index usage."),
  rule("remove-redundant-or", ['canBeDisabled'],
    "Combine multiple `OR` conditions for the same variable or\nattribute into a single condition."),
  rule("geo-index-optimizer", ['canBeDisabled'],
    "Utilize geo-spatial indexes to remove `FILTER DISTANCE(...)`\nand SORT DISTANCE(...)`."),
  rule("use-vector-index", ['canBeDisabled'],
    "Utilize a vector index to accelerate the comparison of\nvector embeddings with vector similarity AQL functions."),
  rule("push-filter-into-enumerate-near", ['hidden', 'disabledByDefault'],
    "Push Filter into EnumerateNearVector node. Can also optimize\nfiltering by using `storedValues`. This rule is only enabled by the\n`use-vector-index` rule."),
  rule("materialize-for-enumerate-near", ['hidden'],
    "Choose how each EnumerateNearVectorNode emits its document.\nIf the vector index storedValues cover the downstream projections, or if a\npushed-down filter already loaded the document, the vector node produces the\noutput directly. Otherwise a MaterializeRocksDBNode is inserted after the\nvector node to translate the doc-id into the full document."),
  rule("use-indexes", ['canBeDisabled'],
    "Use indexes to iterate over collections, replacing\n`EnumerateCollectionNode` with `IndexNode` in the query plan."),
  rule("remove-filter-covered-by-index", ['canBeDisabled'],
    "Replace or remove `FilterNode` if the filter conditions are\nalready covered by `IndexNode`."),
  rule("remove-unnecessary-filters-2", ['canBeDisabled'],
    "Second pass of removing `FILTER` conditions that always\nevaluate to `true`."),
  rule("use-index-for-sort", ['canBeDisabled'],
    "Use indexes to avoid `SORT` operations, removing `SortNode`\nfrom the query plan."),
  rule("sort-in-values", ['canBeDisabled'],
    "Use a binary search for in-list lookups with a logarithmic\ncomplexity instead of the default linear complexity in-list lookup if the\ncomparison array on the right-hand side of an `IN` operator is pre-sorted by an\nextra function call."),
  rule("optimize-traversal-last-element-access", ['canBeDisabled'],
    "Transform accesses to the last vertex or edge of the path\noutput variable (`p.vertices[-1]` and `p.edges[-1]`) emitted by AQL traversals\n(`FOR v, e, p IN ...`) with accesses to the vertex or edge variable\n(`v` and `e`). This can avoid computing the path variable at all and enable\nfurther optimizations that are not possible on the path variable `p`."),
  rule("optimize-traversals", ['canBeDisabled'],
    "Try to move `FILTER` conditions into `TraversalNode` for\nearly pruning of results, apply traversal projections, and avoid calculating\nedge and path output variables that are not declared in the query for the\nAQL traversal."),
  rule("optimize-enumerate-path-filters", ['canBeDisabled'],
    "Move `FILTER` conditions on the path output variable into the path search."),
  rule("optimize-paths", ['canBeDisabled'],
    "Check how the output variables of `K_PATHS`, `K_SHORTEST_PATHS`,\nand `ALL_SHORTEST_PATHS` path search graph algorithms are used and avoid\nloading the vertex documents if they are not accessed in the query."),
  rule("remove-filter-covered-by-traversal", ['canBeDisabled'],
    "Replace or remove `FilterNode` if the filter conditions are\nalready covered by `TraversalNode`."),
  rule("handle-arangosearch-views", [],
    "Appears whenever an `arangosearch` or `search-alias` View is accessed\nin a query."),
  rule("arangosearch-constrained-sort", ['canBeDisabled'],
    "Make nodes of type `EnumerateViewNode` aware of `SORT` with a\nsubsequent `LIMIT` when using Views to reduce memory usage and avoid unnecessary\nsorting that has already been carried out by ArangoSearch internally."),
  rule("remove-unnecessary-calculations-2", ['canBeDisabled'],
    "Second pass of removing all calculations whose result is not\nreferenced in the query. This can be a consequence of applying other\noptimizations"),
  rule("remove-redundant-path-var", ['canBeDisabled'],
    "Avoid computing the variables emitted by AQL traversals if\nthey are declared but unused in the query, or only used in filters that are\npulled into the traversal, significantly reducing overhead."),
  rule("move-calculations-down", ['canBeDisabled'],
    "Move calculations down in the processing pipeline as far as\npossible (below `FILTER`, `LIMIT` and `SUBQUERY` nodes) so they are executed as\nlate as possible and not before their results are required."),
  rule("fuse-filters", ['canBeDisabled'],
    "Merges adjacent `FILTER` nodes together into a single\n`FILTER` node."),
  rule("move-filters-into-enumerate", ['canBeDisabled'],
    "Move filters on non-indexed collection attributes into\n`IndexNode` or `EnumerateCollectionNode` to allow early pruning of\nnon-matching documents. This optimization can help to avoid a lot of temporary\ndocument copies. The optimization can also be applied to enumerations over\nnon-collection array."),
  rule("remove-unnecessary-calculations-3", ['hidden', 'canBeDisabled', 'disabledByDefault'],
    "Third pass of removing all calculations whose result is not\nreferenced in the query. This can be a consequence of applying other\noptimizations"),
  rule("sort-limit", ['canBeDisabled'],
    "Make `SORT` aware of a subsequent `LIMIT` to enable\noptimizations internal to the `SortNode` that allow to reduce memory usage\nand, in many cases, improve the sorting speed.\n\nA `SortNode` needs to be followed by a `LimitNode` with no intervening nodes\nthat may change the element count (e.g. a `FilterNode` which cannot be moved\nbefore the sort, or a source node like `EnumerateCollectionNode`).\n\nThe optimizer may choose not to apply the rule if it decides that it offers\nlittle or no benefit. In particular, it does not apply the rule if the input\nsize is very small or if the output from the `LimitNode` is similar in size to\nthe input. In exceptionally rare cases, this rule could result in some small\nslowdown. If observed, you can disable the rule for the affected query at the\ncost of increased memory usage."),
  rule("reduce-extraction-to-projection", ['canBeDisabled'],
    "Modify `EnumerationCollectionNode` and `IndexNode` that would have\nextracted entire documents to only return a projection of each document.\n\nProjections are limited to at most 5 different document attributes by default.\nThe maximum number of projected attributes can optionally be adjusted by\nsetting the `maxProjections` hint for an AQL `FOR` operation."),
  rule("optimize-count", ['canBeDisabled'],
    "Optimize subqueries to use an optimized code path for\ncounting documents.\n\nThe requirements are that the subquery result must only be used with the\n`COUNT()` or `LENGTH()` AQL function and not for anything else. The subquery\nitself must be read-only (no data modification subquery), not use nested `FOR`\nloops, no `LIMIT` statement, and no `FILTER` condition or calculation that\nrequires accessing document data. Accessing index data is supported for\nfiltering but not for further calculations."),
  rule("late-document-materialization-arangosearch", ['canBeDisabled'],
    "Try to read from the underlying collections of a View as late\nas possible if the involved attributes are covered by the View index."),
  rule("late-document-materialization", ['canBeDisabled'],
    "Try to read from collections as late as possible if the\ninvolved attributes are covered by inverted indexes."),
  rule("push-limit-into-index", ['canBeDisabled'],
    "Reduce results early for a combination of `FILTER`, `SORT`,\nand `LIMIT` where the filter condition uses the `IN` comparison operator and\nthe condition and sort attributes are covered by a persistent index, so that\nthe limit can already be applied when reading from the index. Additional\nrequirements are that there is no outer loop and no post-filtering, and the\nattributes to sort by must all be in the same direction."),
  rule("batch-materialize-documents", ['canBeDisabled'],
    "Batch document lookups from indexes for efficiency."),
  rule("late-materialization-offset-info", ['canBeDisabled', 'enterpriseOnly'],
    "Get the search highlighting offsets as late as possible to\navoid unnecessary reads."),
  rule("join-index-nodes", ['canBeDisabled'],
    "Join adjacent index nodes and replace them with a join node\nin case the indexes qualify for it.\n\nIf two or more collections are joined using nested `FOR` loops and the\nattributes to join on are indexed by primary indexes or persistent indexes,\nthen a merge join can be performed because they are sorted. Returning\ndocument attributes from the outer loop is limited to attributes covered by\nthe index."),
  rule("use-index-for-collect", ['canBeDisabled'],
    "Use indexes for a `COLLECT` operation if possible.\nPersistent indexes can speed up the scanning for distinct values up to orders\nof magnitude if the selectivity is low, i.e. if there are few different\nvalues. Furthermore, they can be used to cover eligible\n`COLLECT ... AGGREGATE` operations."),
  rule("push-down-late-materialization", ['canBeDisabled'],
    "Defer loading documents when attributes accessed in `FILTER`\nand `SORT` operations are covered by an index. The rule can also push the\nmaterialization past `FOR` loops in case they are optimized to a merge join."),
  rule("materialize-into-separate-variable", [],
    "Introduce separate internal variables for projected\nattributes. This enables late materialization that avoids the creation of\ntemporary objects and having to look up attributes by key in these objects."),
  rule("optimize-projections", ['canBeDisabled'],
    "Remove projections that are no longer used and store projection\nresults in separate output registers."),
  rule("remove-unnecessary-calculations-4", ['canBeDisabled'],
    "Fourth pass of removing all calculations whose result is not\nreferenced in the query. This can be a consequence of applying other\noptimizations"),
  rule("async-prefetch", ['canBeDisabled'],
    "Allow query execution nodes to asynchronously prefetch the\nnext batch while processing the current batch, allowing parts of the query to\nrun in parallel. This is only possible for certain operations in a query."),
  rule("immutable-search-condition", ['canBeDisabled'],
    "Optimize immutable search condition for nested loops. There is no need\nto perform a real search repeatedly if the results can be cached in a bitset."),
  rule("splice-subqueries", [],
    "Appears if subqueries are spliced into the surrounding query,\nreducing overhead for executing subqueries by inlining the execution.\nThis mainly benefits queries which execute subqueries very often that only\nreturn a few results at a time.\n\nThis optimization is performed on all subqueries and is applied after all other\noptimizations."),
];

export function queryRulesRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'GET') {
    throw methodNotAllowed();
  }
  if (context.suffixes.length !== 0) {
    throw notFound();
  }
  return jsonResponse(200, OPTIMIZER_RULES);
}
