import { describeExample } from '../support/scenarios'

describeExample('react')
