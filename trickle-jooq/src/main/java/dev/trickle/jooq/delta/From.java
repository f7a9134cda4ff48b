package dev.trickle.jooq.delta;

/**
 * One item of a delta term's FROM list: a scan read at a version ({@link Source}), or the post-state of an outer join
 * written as a join tree ({@link JoinedPost}), a grouped relation read at a version ({@link GroupedSource}), the
 * rows of a union ({@link UnionRows}), or the change of a join of three inputs or more ({@link JoinChange}).
 */
public sealed interface From permits Source, JoinedPost, GroupedSource, UnionRows, JoinChange, JoinChange.Level {}
