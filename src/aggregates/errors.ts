/** The errors of the aggregates layer, subclasses of the persistence tree. */
import { DataError, InterfaceError } from '../errors.js';
import { nameError } from '../streams/errors.js';

/**
 * An event's topic is one its handler does not know: an aggregate's `apply` reached
 * `unknownTopic`, typically for an event written by a newer version of the app. Update the
 * app, or handle the topic (an upcaster can map an old topic's state to a current one).
 */
export class UnknownTopicError extends DataError {
  readonly topic: string;

  constructor(topic: string, where: string) {
    super(
      `${where} has no handler for the topic ${JSON.stringify(topic)}. Handle it in apply() (or update the app that reads it); nothing was changed.`,
    );
    nameError(this, 'UnknownTopicError');
    this.topic = topic;
  }
}

/** No aggregate was recorded under that id (or it has no such version). */
export class AggregateNotFoundError extends InterfaceError {
  readonly streamId: string;
  /** The version asked for, if any. */
  readonly version: number | undefined;

  constructor(streamId: string, version: number | undefined, latest: number) {
    super(
      version === undefined || latest === 0
        ? `No aggregate is recorded as ${streamId}. Save it first, or check the id and the aggregate type's category.`
        : `${streamId} has no version ${version}: its latest is ${latest}.`,
    );
    nameError(this, 'AggregateNotFoundError');
    this.streamId = streamId;
    this.version = version;
  }
}
