/** Write loads with checkable invariants, to prove a copy was taken at one point in time. */
package dev.snapshift.sandbox.load;
