package dev.trickle.monitor;

import dev.trickle.TableName;
import java.util.Objects;

/**
 * One row of {@code pgtrickle.diamond_groups()}: a member of a diamond's consistency group. A diamond is a stream
 * table reading two stream tables that share an ancestor; the group holds the stream tables on the paths between the
 * shared ancestor and that convergence point, and the convergence point itself. Stream tables outside diamonds are
 * not listed.
 *
 * @param groupId the group, numbered from 1
 * @param member the stream table ({@code member_schema} and {@code member_name})
 * @param convergence whether paths meet at this member ({@code is_convergence})
 * @param epoch the group's epoch counter; always 0 in Trickle
 * @param schedulePolicy the group's policy, {@code fastest} or {@code slowest}
 */
public record DiamondMember(int groupId, TableName member, boolean convergence, long epoch, String schedulePolicy) {

    /**
     * Checks that no component is null.
     *
     * @param groupId the group, numbered from 1
     * @param member the stream table ({@code member_schema} and {@code member_name})
     * @param convergence whether paths meet at this member ({@code is_convergence})
     * @param epoch the group's epoch counter; always 0 in Trickle
     * @param schedulePolicy the group's policy, {@code fastest} or {@code slowest}
     */
    public DiamondMember {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(schedulePolicy, "schedulePolicy");
    }
}
