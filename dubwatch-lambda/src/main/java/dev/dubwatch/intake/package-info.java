/**
 * Starting watches from other workflows: an SQS queue (also an EventBridge rule's target) whose
 * messages each start one execution named after the task, so duplicate requests coalesce.
 */
package dev.dubwatch.intake;
