// Package feedback keeps client feedback (客户意见反馈): every complaint
// (投诉), suggestion (建议), praise (表扬) or request (需求) is registered with
// a responsible owner (责任人, the assignee) and a handling deadline (处理时限)
// and followed until it is resolved (已解决).
//
// A record moves open -> in_progress -> resolved (or straight from open to
// resolved). Every move is a conditional UPDATE on the expected statuses, so
// when two people press a button at once exactly one of them wins and the
// other gets ErrBadTransition; every change writes an audit entry in the same
// transaction.
//
// Resolving a record may record the resolver's reading of the client's
// satisfaction with the resolution; the contact who raised it (when named
// and subscribed through their greeting link) is sent a 1–5 survey through
// the outbox in the same transaction, once per record, and their answer is
// stored as their own reading (see survey.go).
package feedback
