import { describeExample } from '../support/scenarios'

describeExample('vue')
